import type { ValidationError } from '../../model/errors/validation-error.js';
import { ok, type Result } from '../../model/result.js';
import { parseCancellationReason } from '../../model/values/cancellation-reason.js';
import type { CancelOrderCommand } from '../../../ports/inbound/cancel-order-use-case.js';
import { orderChangeFields, withoutAbsentFields, type OrderChangeInput } from '../change-order/parse-order-change.js';
import { parseFields } from '../parse-fields.js';

export interface CancelOrderInput extends OrderChangeInput {
  /** None, empty or blank: cancelled without a reason. */
  readonly reason?: string | null;
}

export function parseCancelOrder(input: CancelOrderInput): Result<CancelOrderCommand, ValidationError> {
  const parsed = parseFields({ ...orderChangeFields(input), reason: parseCancellationReason(input.reason) });
  return parsed.ok ? ok(withoutAbsentFields(parsed.value)) : parsed;
}
