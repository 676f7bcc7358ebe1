// The kitchen's inputs: the site's field look, but 48 px tall with large text for a counter
// tablet, and no width of their own (each field sets one), so nothing fights over the classes.
export const touchInputClass =
  'block min-h-12 rounded-xl border border-stone-400 bg-white px-3.5 py-2 text-lg shadow-sm placeholder:text-stone-500 focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700/30 aria-[invalid=true]:border-red-600 aria-[invalid=true]:ring-red-600/20';
