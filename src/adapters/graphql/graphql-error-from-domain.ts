import mercurius from 'mercurius';
import type { FieldIssue } from '../../domain/model/errors/validation-error.js';
import type { OrderError } from '../../domain/model/errors/order-error.js';

/** Command fields that GraphQL takes under another argument name. */
const ARGUMENT_OF_FIELD: Readonly<Record<string, string>> = { orderId: 'id', limit: 'first', cursor: 'after' };
/** Command fields that placeOrder takes as arguments beside its `input` object, not inside it. */
const BESIDE_INPUT: ReadonlySet<string | number> = new Set(['idempotencyKey']);

/**
 * The one translation of the core's field paths into GraphQL arguments: orderId is /id, limit /first, cursor
 * /after; with `input`, the fields of that input object argument: items.0.sku is /input/items/0/sku.
 */
function argumentPathOf(path: FieldIssue['path'], input?: string): string {
  const [field, ...rest] = path;
  const segments = field === undefined ? [] : [ARGUMENT_OF_FIELD[field] ?? field, ...rest];
  const inInput = input !== undefined && (field === undefined || !BESIDE_INPUT.has(field));
  return [...(inInput ? [input] : []), ...segments].map((segment) => `/${segment}`).join('');
}

/** The one translation of the core's refusals into GraphQL errors; `input` as for `argumentPathOf`. */
export function graphQLErrorFrom(error: OrderError, input?: string): Error {
  if (error.code === 'VALIDATION_FAILED') {
    const issues = error.issues.map((issue) => ({ path: argumentPathOf(issue.path, input), message: issue.message }));
    const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return new mercurius.ErrorWithProps(message, { code: error.code, errors: issues });
  }
  return new mercurius.ErrorWithProps(error.message, { code: error.code });
}
