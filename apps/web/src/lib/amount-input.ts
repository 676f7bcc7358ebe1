// Amounts people type (a custom tip, a coupon's value) into integer cents, without floats.

/** "12.5" → 1250, "3" → 300; null for anything but a non-negative amount with at most 2 decimals. */
export function parseAmount(text: string): number | null {
  const match = /^\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
