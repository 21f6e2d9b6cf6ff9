import type { Actor } from '../../model/actor.js';
import type { ForbiddenError } from '../../model/errors/forbidden-error.js';
import { listedCustomer } from '../../model/order-access.js';
import { ok, type Result } from '../../model/result.js';
import { encodeOrderCursor } from '../../model/values/order-cursor.js';
import type { ListOrdersQuery, ListOrdersUseCase, OrderPage } from '../../../ports/inbound/list-orders-use-case.js';
import type { OrderRepository } from '../../../ports/outbound/order-repository.js';

const NOTHING: OrderPage = Object.freeze({ items: Object.freeze([]), nextCursor: null });

export class ListOrders implements ListOrdersUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(actor: Actor, query: ListOrdersQuery): Promise<Result<OrderPage, ForbiddenError>> {
    const customer = listedCustomer(actor, query.customerId);
    if (!customer.ok) return customer;
    if (customer.value === null) return ok(NOTHING);
    // One extra row tells whether another page exists without a second query.
    const rows = await this.orders.list({
      tenantId: actor.tenant,
      ...customer.value,
      ...(query.status !== undefined && { status: query.status }),
      ...(query.cursor && { after: query.cursor }),
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeOrderCursor(last) : null;
    return ok({ items, nextCursor });
  }
}
