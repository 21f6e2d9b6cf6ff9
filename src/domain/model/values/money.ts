import { fail, ok, type Result } from '../result.js';

/** An amount in minor units of the order's currency (cents): a whole number, never a fraction. */
export type Money = number & { readonly brand: 'Money' };

export const UNIT_PRICE_MIN = 0;
export const UNIT_PRICE_MAX = 1_000_000_000;
const TOTAL_MIN = 1;
const TOTAL_MAX = 1_000_000_000;

/** The price of one unit of a line; 0 is allowed (a free item), the order's total must still be positive. */
export function parseUnitPrice(raw: number): Result<Money, string> {
  return Number.isInteger(raw) && raw >= UNIT_PRICE_MIN && raw <= UNIT_PRICE_MAX
    ? ok(raw as Money)
    : fail(`must be an integer ${UNIT_PRICE_MIN}..${UNIT_PRICE_MAX} (minor units)`);
}

/** The total an order may have: 1..1e9 minor units. */
export function parseTotal(raw: number): Result<Money, string> {
  return Number.isInteger(raw) && raw >= TOTAL_MIN && raw <= TOTAL_MAX
    ? ok(raw as Money)
    : fail(`total ${raw} must be ${TOTAL_MIN}..${TOTAL_MAX} minor units`);
}
