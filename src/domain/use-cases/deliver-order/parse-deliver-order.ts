import type { ValidationError } from '../../model/errors/validation-error.js';
import type { Result } from '../../model/result.js';
import type { DeliverOrderCommand } from '../../../ports/inbound/deliver-order-use-case.js';
import { parseOrderChange, type OrderChangeInput } from '../change-order/parse-order-change.js';

export function parseDeliverOrder(input: OrderChangeInput): Result<DeliverOrderCommand, ValidationError> {
  return parseOrderChange(input);
}
