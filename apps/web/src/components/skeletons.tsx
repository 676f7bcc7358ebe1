// Placeholders streamed while a list loads. Pages use them in <Suspense> below their own
// checks (not in loading.tsx), so notFound() and redirects still get real 404/307 responses.
function Block({ className }: { className: string }) {
  return <div className={`rounded-2xl bg-stone-200 ${className}`} />;
}

export function RestaurantGridSkeleton() {
  return (
    <div
      className="grid animate-pulse gap-5 sm:grid-cols-2 lg:grid-cols-3"
      aria-busy="true"
      aria-label="Loading restaurants"
    >
      {Array.from({ length: 6 }, (_, i) => (
        <Block key={i} className="h-72" />
      ))}
    </div>
  );
}

export function MenuSkeleton() {
  return (
    <div className="animate-pulse space-y-4" aria-busy="true" aria-label="Loading the menu">
      <div className="h-6 w-40 rounded bg-stone-200" />
      <div className="grid gap-4 md:grid-cols-2">
        {Array.from({ length: 6 }, (_, i) => (
          <Block key={i} className="h-36" />
        ))}
      </div>
    </div>
  );
}

export function OrderListSkeleton() {
  return (
    <div className="animate-pulse space-y-3" aria-busy="true" aria-label="Loading your orders">
      {Array.from({ length: 4 }, (_, i) => (
        <Block key={i} className="h-20" />
      ))}
    </div>
  );
}
