import { encodeOrderCursor } from '../../model/values/order-cursor.js';
import type { ListOrdersQuery, ListOrdersUseCase, OrderPage } from '../../../ports/inbound/list-orders-use-case.js';
import type { OrderRepository } from '../../../ports/outbound/order-repository.js';

export class ListOrders implements ListOrdersUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(query: ListOrdersQuery): Promise<OrderPage> {
    // One extra row tells whether another page exists without a second query.
    const rows = await this.orders.list({
      ...(query.customerId !== undefined && { customerId: query.customerId }),
      ...(query.status !== undefined && { status: query.status }),
      ...(query.cursor && { after: query.cursor }),
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeOrderCursor(last) : null;
    return { items, nextCursor };
  }
}
