// Money becomes text here and nowhere else: integer cents in the configured currency.

const formatters = new Map<string, Intl.NumberFormat>();

/** The currency when configuration names none. */
export const DEFAULT_CURRENCY = 'USD';

/** 1250 → "$12.50" in USD; the locale follows the currency's usual English rendering. */
export function formatCents(cents: number, currency: string = DEFAULT_CURRENCY): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter.format(cents / 100);
}
