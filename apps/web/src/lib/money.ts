// Money is integer cents everywhere; this is the one place it becomes text.
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** 1250 → "$12.50". */
export function formatMoney(cents: number): string {
  return dollars.format(cents / 100);
}
