import { fail, ok, type Result } from '../result.js';
import { isText, lengthOf, NOT_TEXT } from '../text.js';

/** Why an order was cancelled: up to 500 characters of text, trimmed, never blank. */
export type CancellationReason = string & { readonly brand: 'CancellationReason' };

export const CANCELLATION_REASON_MAX_LENGTH = 500;

/** No reason, an empty or a blank one all mean none: null. */
export function parseCancellationReason(raw: string | null | undefined): Result<CancellationReason | null, string> {
  if (raw === undefined || raw === null) return ok(null);
  const trimmed = raw.trim();
  if (!isText(trimmed)) return fail(NOT_TEXT);
  if (lengthOf(trimmed) > CANCELLATION_REASON_MAX_LENGTH) {
    return fail(`must be at most ${CANCELLATION_REASON_MAX_LENGTH} characters`);
  }
  return ok(trimmed === '' ? null : (trimmed as CancellationReason));
}
