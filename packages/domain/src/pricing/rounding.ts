// The one rounding rule for money: a fraction of a cent rounds half up (away from zero for the
// non-negative amounts we price), in integer arithmetic so no float ever touches a price.

/** Basis points in a whole: 1 bp = 0.01 %, so 875 bp = 8.75 %. */
export const BPS_PER_WHOLE = 10_000;

/** numerator / denominator to the nearest whole number, .5 going up; both non-negative integers. */
export function roundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || numerator < 0) {
    throw new RangeError(`roundHalfUp: ${numerator} is not a non-negative safe integer`);
  }
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`roundHalfUp: ${denominator} is not a positive safe integer`);
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** `bps` basis points of `cents`, rounded half up to a whole cent. */
export function percentOf(cents: number, bps: number): number {
  return roundHalfUp(cents * bps, BPS_PER_WHOLE);
}
