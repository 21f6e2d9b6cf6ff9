import type { ValidationError } from '../../model/errors/validation-error.js';
import type { Result } from '../../model/result.js';
import type { ShipOrderCommand } from '../../../ports/inbound/ship-order-use-case.js';
import { parseOrderChange, type OrderChangeInput } from '../change-order/parse-order-change.js';

export function parseShipOrder(input: OrderChangeInput): Result<ShipOrderCommand, ValidationError> {
  return parseOrderChange(input);
}
