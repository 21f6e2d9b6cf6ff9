import type { Knex } from 'knex';
import type { OrderLine, OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { OrderId } from '../../domain/model/values/order-id.js';
import type { OrderStatus } from '../../domain/model/values/order-status.js';
import type { OrderChange, OrderQuery, OrderRepository, SaveOutcome } from '../../ports/outbound/order-repository.js';
import { reachDatabase } from './postgres-database.js';

interface OrderRow {
  id: string;
  customer_id: string;
  customer_email: string;
  currency: string;
  total: number;
  status: OrderStatus;
  cancellation_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface LineRow {
  order_id: string;
  line_no: number;
  sku: string;
  quantity: number;
  unit_price: number;
}

const ORDER_COLUMNS = [
  'id',
  'customer_id',
  'customer_email',
  'currency',
  'total',
  'status',
  'cancellation_reason',
  'version',
  'created_at',
  'updated_at',
] as const;

/** Orders in PostgreSQL (knex + pg): one transaction per save, conditional on the version; parameterized SQL only. */
export class PostgresOrderRepository implements OrderRepository {
  /** `notifiers`: who is owed each committed event; a delivery row per (event, notifier) joins the outbox. */
  constructor(
    private readonly db: Knex,
    private readonly notifiers: readonly string[],
  ) {}

  async findById(id: OrderId): Promise<OrderSnapshot | null> {
    return reachDatabase(async () => {
      const row = await this.db('orders')
        .where({ id })
        .first<OrderRow | undefined>([...ORDER_COLUMNS]);
      if (!row) return null;
      const [order] = await this.withLines([row]);
      return order ?? null;
    });
  }

  async list(query: OrderQuery): Promise<OrderSnapshot[]> {
    return reachDatabase(async () => {
      let select = this.db('orders')
        .select<OrderRow[]>([...ORDER_COLUMNS])
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(query.limit);
      if (query.customerId !== undefined) select = select.where('customer_id', query.customerId);
      if (query.status !== undefined) select = select.where('status', query.status);
      // A row comparison walks the (created_at DESC, id DESC) indexes straight to the page start.
      if (query.after) select = select.whereRaw('(created_at, id) < (?, ?)', [query.after.createdAt, query.after.id]);
      const rows: OrderRow[] = await select;
      return this.withLines(rows);
    });
  }

  async save(change: OrderChange): Promise<SaveOutcome> {
    const { order } = change;
    return reachDatabase(() =>
      this.db.transaction(async (trx) => {
        if (change.expectedVersion === 0) {
          const inserted = await trx('orders').insert(toRow(order)).onConflict('id').ignore().returning('id');
          if (inserted.length === 0) return 'stale';
          await trx('order_lines').insert(
            order.items.map((item, lineNo) => ({
              order_id: order.id,
              line_no: lineNo,
              sku: item.sku,
              quantity: item.quantity,
              unit_price: item.unitPrice,
            })),
          );
        } else {
          // Lines never change after placement; a change moves status, reason, version and updatedAt.
          const updated = await trx('orders').where({ id: order.id, version: change.expectedVersion }).update({
            status: order.status,
            cancellation_reason: order.cancellationReason,
            version: order.version,
            updated_at: order.updatedAt,
          });
          if (updated === 0) return 'stale';
        }
        if (change.events.length > 0) {
          await trx('order_events').insert(
            change.events.map((event) => ({
              event_id: event.eventId,
              order_id: event.order.id,
              order_version: event.order.version,
              type: event.type,
              occurred_at: event.occurredAt,
              payload: JSON.stringify(event.order),
            })),
          );
          if (this.notifiers.length > 0) {
            await trx('event_deliveries').insert(
              change.events.flatMap((event) =>
                this.notifiers.map((notifier) => ({
                  event_id: event.eventId,
                  notifier,
                  order_id: event.order.id,
                  order_version: event.order.version,
                  // Due when it happened, by the clock that also schedules its retries (not the database's).
                  next_attempt_at: event.occurredAt,
                })),
              ),
            );
          }
        }
        return 'saved';
      }),
    );
  }

  private async withLines(rows: OrderRow[]): Promise<OrderSnapshot[]> {
    if (rows.length === 0) return [];
    const lines = await this.db('order_lines')
      .select<LineRow[]>('order_id', 'line_no', 'sku', 'quantity', 'unit_price')
      .whereIn(
        'order_id',
        rows.map((row) => row.id),
      )
      .orderBy([{ column: 'order_id' }, { column: 'line_no' }]);
    const itemsByOrder = new Map<string, OrderLine[]>();
    for (const line of lines) {
      const items = itemsByOrder.get(line.order_id) ?? [];
      items.push({ sku: line.sku, quantity: line.quantity, unitPrice: line.unit_price });
      itemsByOrder.set(line.order_id, items);
    }
    return rows.map((row) => fromRow(row, itemsByOrder.get(row.id) ?? []));
  }
}

function toRow(order: OrderSnapshot): OrderRow {
  return {
    id: order.id,
    customer_id: order.customerId,
    customer_email: order.customerEmail,
    currency: order.currency,
    total: order.total,
    status: order.status,
    cancellation_reason: order.cancellationReason,
    version: order.version,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

function fromRow(row: OrderRow, items: OrderLine[]): OrderSnapshot {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerEmail: row.customer_email,
    items,
    currency: row.currency,
    total: row.total,
    status: row.status,
    cancellationReason: row.cancellation_reason,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
