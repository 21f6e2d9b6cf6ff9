import type { ValidationError } from '../../model/errors/validation-error.js';
import { fail, ok, type Result } from '../../model/result.js';
import { parseOrderId, type OrderId } from '../../model/values/order-id.js';
import { optional, parseFields } from '../parse-fields.js';

/** A change of one order as an input adapter receives it. */
export interface OrderChangeInput {
  readonly orderId: string;
  /** The version the caller read; absent when the caller did not say. */
  readonly expectedVersion?: number | null;
}

/** The fields every change command carries: which order, and the version the caller read if it said. */
export interface OrderChangeCommand {
  readonly orderId: OrderId;
  readonly expectedVersion?: number;
}

/** The fields every change of an order carries, each parsed on its own. */
export function orderChangeFields(input: OrderChangeInput) {
  return {
    orderId: parseOrderId(input.orderId),
    expectedVersion: optional(input.expectedVersion, parseExpectedVersion),
  };
}

/** Drops an absent expectedVersion, so that a command never carries the field undefined. */
export function withoutAbsentVersion<C extends { readonly expectedVersion?: number | undefined }>(command: C): C {
  if (command.expectedVersion !== undefined) return command;
  const { expectedVersion: _absent, ...rest } = command;
  return rest as C;
}

export function parseOrderChange(input: OrderChangeInput): Result<OrderChangeCommand, ValidationError> {
  const parsed = parseFields(orderChangeFields(input));
  return parsed.ok ? ok(withoutAbsentVersion(parsed.value)) : parsed;
}

// Any whole number: one the order never had (0, or a negative one) is a version mismatch, not malformed.
function parseExpectedVersion(raw: number): Result<number, string> {
  return Number.isSafeInteger(raw) ? ok(raw) : fail('must be an integer');
}
