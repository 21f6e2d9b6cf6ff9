import type { ValidationError } from '../../model/errors/validation-error.js';
import { fail, ok, type Result } from '../../model/result.js';
import { parseMessageId, type MessageId } from '../../model/values/message-id.js';
import { parseOrderId, type OrderId } from '../../model/values/order-id.js';
import { optional, parseFields } from '../parse-fields.js';

/** A change of one order as an input adapter receives it. */
export interface OrderChangeInput {
  readonly orderId: string;
  /** The version the caller read; absent when the caller did not say. */
  readonly expectedVersion?: number | null;
  /** The message the change comes from, when it comes from one (SPEC §11). */
  readonly messageId?: string | null;
}

/** The fields every change command carries: which order, the version the caller read and its message, if given. */
export interface OrderChangeCommand {
  readonly orderId: OrderId;
  readonly expectedVersion?: number;
  readonly messageId?: MessageId;
}

/** The fields every change of an order carries, each parsed on its own. */
export function orderChangeFields(input: OrderChangeInput) {
  return {
    orderId: parseOrderId(input.orderId),
    expectedVersion: optional(input.expectedVersion, parseExpectedVersion),
    messageId: optional(input.messageId, parseMessageId),
  };
}

/** Drops an absent expectedVersion or messageId, so that a command never carries a field undefined. */
export function withoutAbsentFields<
  C extends { readonly expectedVersion?: number | undefined; readonly messageId?: MessageId | undefined },
>(command: C): C {
  if (command.expectedVersion !== undefined && command.messageId !== undefined) return command;
  const present = Object.entries(command).filter(([, value]) => value !== undefined);
  return Object.fromEntries(present) as C;
}

export function parseOrderChange(input: OrderChangeInput): Result<OrderChangeCommand, ValidationError> {
  const parsed = parseFields(orderChangeFields(input));
  return parsed.ok ? ok(withoutAbsentFields(parsed.value)) : parsed;
}

// Any whole number: one the order never had (0, or a negative one) is a version mismatch, not malformed.
function parseExpectedVersion(raw: number): Result<number, string> {
  return Number.isSafeInteger(raw) ? ok(raw) : fail('must be an integer');
}
