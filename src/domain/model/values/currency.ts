import { fail, ok, type Result } from '../result.js';

/** An ISO 4217 code of a currency in circulation. */
export type Currency = string & { readonly brand: 'Currency' };

export const CURRENCY_PATTERN = '^[A-Z]{3}$';
export const DEFAULT_CURRENCY = 'USD' as Currency;
const CURRENCY = new RegExp(CURRENCY_PATTERN);
// ICU's list of ISO 4217 currencies in circulation; a constant of the runtime, not I/O.
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

/** No currency (undefined or null) is the default one. */
export function parseCurrency(raw: string | null | undefined): Result<Currency, string> {
  if (raw === undefined || raw === null) return ok(DEFAULT_CURRENCY);
  return CURRENCY.test(raw) && ISO_4217.has(raw)
    ? ok(raw as Currency)
    : fail('must be an ISO 4217 currency code of 3 upper-case letters');
}
