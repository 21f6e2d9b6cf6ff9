const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `isText` refused a string, worded for whoever sent it. */
export const NOT_TEXT = 'must be text: no NUL character and no unpaired UTF-16 surrogate';

/** Whether a string is text every store can keep: PostgreSQL refuses NUL, and JSON refuses lone surrogates. */
export function isText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** Length in characters (code points), as a reader and PostgreSQL's char_length count them. */
export function lengthOf(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}
