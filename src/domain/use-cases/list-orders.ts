import { ValidationError, type FieldIssue } from '../errors.js';
import { ORDER_STATUSES, type OrderStatus } from '../order.js';
import { decodeCursor, encodeCursor, type OrderPosition } from '../order-cursor.js';
import { isText, lengthOf, OrderLimits } from '../order-rules.js';
import { fail, ok, type Result } from '../result.js';
import type { ListOrdersQuery, ListOrdersUseCase, OrderPage } from '../../ports/inbound/list-orders-use-case.js';
import type { OrderRepository } from '../../ports/outbound/order-repository.js';

export class ListOrders implements ListOrdersUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(query: ListOrdersQuery): Promise<Result<OrderPage, ValidationError>> {
    const issues: FieldIssue[] = [];
    const limit = query.limit ?? OrderLimits.pageSizeDefault;
    if (!Number.isInteger(limit) || limit < 1 || limit > OrderLimits.pageSizeMax) {
      issues.push({ path: '/limit', message: `must be an integer 1..${OrderLimits.pageSizeMax}` });
    }
    const status = query.status;
    if (status !== undefined && !ORDER_STATUSES.includes(status as OrderStatus)) {
      issues.push({ path: '/status', message: `must be one of ${ORDER_STATUSES.join(', ')}` });
    }
    // Stored customer ids are trimmed, so the filter is too.
    const customerId = query.customerId?.trim();
    if (
      customerId !== undefined &&
      (lengthOf(customerId) < 1 || lengthOf(customerId) > OrderLimits.customerIdMaxLength || !isText(customerId))
    ) {
      issues.push({ path: '/customerId', message: `must be 1..${OrderLimits.customerIdMaxLength} characters` });
    }
    let after: OrderPosition | undefined;
    if (query.cursor !== undefined) {
      after = decodeCursor(query.cursor);
      if (!after) issues.push({ path: '/cursor', message: 'is not a cursor this service handed out' });
    }
    if (issues.length > 0) return fail(new ValidationError(issues));

    // One extra row tells whether another page exists without a second query.
    const rows = await this.orders.list({
      ...(customerId !== undefined && { customerId }),
      ...(status !== undefined && { status: status as OrderStatus }),
      ...(after && { after }),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor(last) : null;
    return ok({ items, nextCursor });
  }
}
