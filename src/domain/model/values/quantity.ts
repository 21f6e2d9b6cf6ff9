import { fail, ok, type Result } from '../result.js';

/** How many of a sku a line buys. */
export type Quantity = number & { readonly brand: 'Quantity' };

export const QUANTITY_MIN = 1;
export const QUANTITY_MAX = 10_000;

export function parseQuantity(raw: number): Result<Quantity, string> {
  return Number.isInteger(raw) && raw >= QUANTITY_MIN && raw <= QUANTITY_MAX
    ? ok(raw as Quantity)
    : fail(`must be an integer ${QUANTITY_MIN}..${QUANTITY_MAX}`);
}
