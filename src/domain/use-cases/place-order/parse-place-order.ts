import type { ValidationError } from '../../model/errors/validation-error.js';
import { ok, type Result } from '../../model/result.js';
import { parseCurrency } from '../../model/values/currency.js';
import { parseCustomerId } from '../../model/values/customer-id.js';
import { parseEmailAddress } from '../../model/values/email-address.js';
import { parseIdempotencyKey } from '../../model/values/idempotency-key.js';
import { parseOrderLines, type RawOrderLine } from '../../model/values/order-lines.js';
import type { PlaceOrderCommand } from '../../../ports/inbound/place-order-use-case.js';
import { optional, parseFields } from '../parse-fields.js';

/** A new order as an input adapter receives it. */
export interface PlaceOrderInput {
  /** Absent: the order is for the actor (a customer placing for themselves). */
  readonly customerId?: string | null;
  readonly customerEmail: string;
  readonly items: readonly RawOrderLine[];
  /** None is the default currency. */
  readonly currency?: string | null;
  readonly idempotencyKey?: string | null;
}

/** Checks every rule of SPEC §3 and the key of §7; reports every issue, keyed by the command's fields. */
export function parsePlaceOrder(input: PlaceOrderInput): Result<PlaceOrderCommand, ValidationError> {
  const parsed = parseFields({
    customerId: optional(input.customerId, parseCustomerId),
    customerEmail: parseEmailAddress(input.customerEmail),
    items: parseOrderLines(input.items),
    currency: parseCurrency(input.currency),
    idempotencyKey: optional(input.idempotencyKey, parseIdempotencyKey),
  });
  if (!parsed.ok) return parsed;
  const { idempotencyKey, customerId, ...order } = parsed.value;
  return ok({
    ...order,
    ...(customerId !== undefined && { customerId }),
    ...(idempotencyKey !== undefined && { idempotencyKey }),
  });
}
