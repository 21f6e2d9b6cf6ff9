import { fail, ok, type Result } from '../result.js';

/** What a client names a request by, so that a repeat of it places nothing twice (SPEC §7). */
export type IdempotencyKey = string & { readonly brand: 'IdempotencyKey' };

const KEY = /^[\x20-\x7E]{1,255}$/;

/** 1..255 printable ASCII characters. */
export function parseIdempotencyKey(raw: string): Result<IdempotencyKey, string> {
  return KEY.test(raw) ? ok(raw as IdempotencyKey) : fail('must be 1..255 printable ASCII characters');
}
