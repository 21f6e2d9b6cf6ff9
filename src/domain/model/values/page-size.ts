import { fail, ok, type Result } from '../result.js';

/** How many orders one page of a listing holds. */
export type PageSize = number & { readonly brand: 'PageSize' };

export const PAGE_SIZE_DEFAULT = 20 as PageSize;
export const PAGE_SIZE_MAX = 100;

/** No size is the default one. */
export function parsePageSize(raw: number | null | undefined): Result<PageSize, string> {
  if (raw === undefined || raw === null) return ok(PAGE_SIZE_DEFAULT);
  return Number.isInteger(raw) && raw >= 1 && raw <= PAGE_SIZE_MAX
    ? ok(raw as PageSize)
    : fail(`must be an integer 1..${PAGE_SIZE_MAX}`);
}
