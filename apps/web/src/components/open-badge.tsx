// Whether a restaurant takes orders right now.
export function OpenBadge({ isOpen }: { isOpen: boolean }) {
  return isOpen ? (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-2.5 py-0.5 text-xs font-semibold text-emerald-700 ring-1 ring-inset ring-emerald-200">
      <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-emerald-500" />
      Open
    </span>
  ) : (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-stone-100 px-2.5 py-0.5 text-xs font-semibold text-stone-600 ring-1 ring-inset ring-stone-200">
      <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-stone-400" />
      Closed
    </span>
  );
}
