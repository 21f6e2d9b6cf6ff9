import type { FieldIssue } from '../../domain/model/errors/validation-error.js';

/** Where a request carries a command field, when not in the body (or query) field of the same name. */
const POINTER_OF_FIELD: Readonly<Record<string, string>> = {
  orderId: '/id',
  expectedVersion: '/headers/if-match',
};

/** The one translation of the core's field paths into JSON Pointers into the request: items.0.sku is /items/0/sku. */
export function pointerTo(path: FieldIssue['path']): string {
  const [field, ...rest] = path;
  if (field === undefined) return '';
  return (POINTER_OF_FIELD[field] ?? `/${field}`) + rest.map((segment) => `/${segment}`).join('');
}
