import type { ValidationError } from '../../model/errors/validation-error.js';
import type { Result } from '../../model/result.js';
import type { ConfirmOrderCommand } from '../../../ports/inbound/confirm-order-use-case.js';
import { parseOrderChange, type OrderChangeInput } from '../change-order/parse-order-change.js';

export function parseConfirmOrder(input: OrderChangeInput): Result<ConfirmOrderCommand, ValidationError> {
  return parseOrderChange(input);
}
