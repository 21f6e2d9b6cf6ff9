import { fail, ok, type Result } from '../result.js';
import { isText, lengthOf, NOT_TEXT } from '../text.js';

/** Who places an order: 1..64 characters of text, trimmed. */
export type CustomerId = string & { readonly brand: 'CustomerId' };

export const CUSTOMER_ID_MAX_LENGTH = 64;

/** Trims, then counts characters (not UTF-16 units). */
export function parseCustomerId(raw: string): Result<CustomerId, string> {
  const trimmed = raw.trim();
  const length = lengthOf(trimmed);
  if (length < 1 || length > CUSTOMER_ID_MAX_LENGTH) {
    return fail(`must be 1..${CUSTOMER_ID_MAX_LENGTH} characters after trimming`);
  }
  return isText(trimmed) ? ok(trimmed as CustomerId) : fail(NOT_TEXT);
}
