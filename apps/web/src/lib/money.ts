// Money is integer cents everywhere; this is the one place the web app turns it into text, in the
// currency configuration names (CURRENCY). The root layout configures it once per process, on
// the server and in the browser, before anything renders a price.
import { DEFAULT_CURRENCY, formatCents } from '@tiffin/domain/client-safe';

let currency = DEFAULT_CURRENCY;

/** Set from configuration by the root layout (server) and the providers (browser). */
export function configureCurrency(code: string): void {
  currency = code;
}

/** 1250 → "$12.50" in USD. */
export function formatMoney(cents: number): string {
  return formatCents(cents, currency);
}
