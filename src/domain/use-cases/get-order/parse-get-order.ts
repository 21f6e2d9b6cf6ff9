import type { ValidationError } from '../../model/errors/validation-error.js';
import type { Result } from '../../model/result.js';
import { parseOrderId } from '../../model/values/order-id.js';
import type { GetOrderQuery } from '../../../ports/inbound/get-order-use-case.js';
import { parseFields } from '../parse-fields.js';

export interface GetOrderInput {
  readonly orderId: string;
}

export function parseGetOrder(input: GetOrderInput): Result<GetOrderQuery, ValidationError> {
  return parseFields({ orderId: parseOrderId(input.orderId) });
}
