import type { ValidationError } from '../../model/errors/validation-error.js';
import { ok, type Result } from '../../model/result.js';
import { parseCustomerId } from '../../model/values/customer-id.js';
import { parseOrderCursor } from '../../model/values/order-cursor.js';
import { parseOrderStatus } from '../../model/values/order-status.js';
import { parsePageSize } from '../../model/values/page-size.js';
import type { ListOrdersQuery } from '../../../ports/inbound/list-orders-use-case.js';
import { optional, parseFields } from '../parse-fields.js';

/** Filters and paging as an input adapter receives them; each may be absent. */
export interface ListOrdersInput {
  /** Trimmed, as placing an order trims the stored id. */
  readonly customerId?: string | null;
  readonly status?: string | null;
  /** 1..100, default 20. */
  readonly limit?: number | null;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string | null;
}

export function parseListOrders(input: ListOrdersInput): Result<ListOrdersQuery, ValidationError> {
  const parsed = parseFields({
    customerId: optional(input.customerId, parseCustomerId),
    status: optional(input.status, parseOrderStatus),
    limit: parsePageSize(input.limit),
    cursor: optional(input.cursor, parseOrderCursor),
  });
  if (!parsed.ok) return parsed;
  const { customerId, status, limit, cursor } = parsed.value;
  return ok({
    limit,
    ...(customerId !== undefined && { customerId }),
    ...(status !== undefined && { status }),
    ...(cursor !== undefined && { cursor }),
  });
}
