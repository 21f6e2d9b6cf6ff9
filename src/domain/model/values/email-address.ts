import { fail, ok, type Result } from '../result.js';

/** Where an order's e-mails go. */
export type EmailAddress = string & { readonly brand: 'EmailAddress' };

export const EMAIL_ADDRESS_MAX_LENGTH = 254;
const LOCAL_PART_MAX_LENGTH = 64;

// The WHATWG form-validation grammar, with a dotted domain: what browsers accept, minus intranet hosts.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** An address as given (never trimmed: surrounding whitespace is refused, not repaired). */
export function parseEmailAddress(raw: string): Result<EmailAddress, string> {
  return isEmailAddress(raw)
    ? ok(raw as EmailAddress)
    : fail(`must be a valid e-mail address of up to ${EMAIL_ADDRESS_MAX_LENGTH} characters`);
}

function isEmailAddress(value: string): boolean {
  if (value.length > EMAIL_ADDRESS_MAX_LENGTH || !EMAIL.test(value)) return false;
  const local = value.slice(0, value.lastIndexOf('@'));
  return (
    local.length <= LOCAL_PART_MAX_LENGTH && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..')
  );
}
