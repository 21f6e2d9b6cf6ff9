import { fail, ok, type Result } from '../result.js';

/** A stock-keeping unit: what a line of an order buys. Case matters. */
export type Sku = string & { readonly brand: 'Sku' };

export const SKU_MAX_LENGTH = 64;
export const SKU_PATTERN = '^[A-Za-z0-9._-]+$';
const SKU = new RegExp(SKU_PATTERN);

export function parseSku(raw: string): Result<Sku, string> {
  return raw.length <= SKU_MAX_LENGTH && SKU.test(raw)
    ? ok(raw as Sku)
    : fail(`must be 1..${SKU_MAX_LENGTH} characters of A-Z, a-z, 0-9, '.', '_' or '-'`);
}
