import type { Knex } from 'knex';
import type { OrderLine, OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { OrderId } from '../../domain/model/values/order-id.js';
import type { OrderStatus } from '../../domain/model/values/order-status.js';
import type { TenantId } from '../../domain/model/values/tenant-id.js';
import type { OrderChange, OrderQuery, OrderRepository, SaveOutcome } from '../../ports/outbound/order-repository.js';
import { inTenant } from './postgres-roles.js';

interface OrderRow {
  id: string;
  tenant_id: string;
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

/** An order as read: its row, with its lines in line order. */
interface StoredOrder extends OrderRow {
  items: OrderLine[];
}

const ORDER_COLUMNS = [
  'id',
  'tenant_id',
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

// The lines come with their order, in the same statement: one round trip per read, whatever the page holds.
const ITEMS = `(
  SELECT coalesce(json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity, 'unitPrice', l.unit_price)
                           ORDER BY l.line_no), '[]')
  FROM order_lines l WHERE l.order_id = orders.id AND l.tenant_id = orders.tenant_id
) AS items`;

/**
 * Orders in PostgreSQL (knex + pg): one transaction per call, bound to one tenant, which the row-level security
 * policies enforce as well; each save is conditional on the version; parameterized SQL only.
 */
export class PostgresOrderRepository implements OrderRepository {
  /** `notifiers`: who is owed each committed event; a delivery row per (event, notifier) joins the outbox. */
  constructor(
    private readonly db: Knex,
    private readonly notifiers: readonly string[],
  ) {}

  async findById(tenantId: TenantId, id: OrderId): Promise<OrderSnapshot | null> {
    return inTenant(this.db, tenantId, async (trx) => {
      const row = await selectOrders(trx, tenantId).where({ id }).first<StoredOrder | undefined>();
      return row ? fromRow(row) : null;
    });
  }

  async list(query: OrderQuery): Promise<OrderSnapshot[]> {
    return inTenant(this.db, query.tenantId, async (trx) => {
      let select = selectOrders(trx, query.tenantId)
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(query.limit);
      if (query.customerId !== undefined) select = select.where('customer_id', query.customerId);
      if (query.status !== undefined) select = select.where('status', query.status);
      // A row comparison walks the (tenant, created_at DESC, id DESC) indexes straight to the page start.
      if (query.after) select = select.whereRaw('(created_at, id) < (?, ?)', [query.after.createdAt, query.after.id]);
      const rows: StoredOrder[] = await select;
      return rows.map(fromRow);
    });
  }

  async save(change: OrderChange): Promise<SaveOutcome> {
    const { order } = change;
    return inTenant(this.db, order.tenantId, async (trx) => {
      if (change.expectedVersion === 0) {
        const inserted = await trx('orders').insert(toRow(order)).onConflict('id').ignore().returning('id');
        if (inserted.length === 0) return 'stale';
        await trx('order_lines').insert(
          order.items.map((item, lineNo) => ({
            order_id: order.id,
            tenant_id: order.tenantId,
            line_no: lineNo,
            sku: item.sku,
            quantity: item.quantity,
            unit_price: item.unitPrice,
          })),
        );
      } else {
        // Lines never change after placement; a change moves status, reason, version and updatedAt.
        const updated = await trx('orders')
          .where({ id: order.id, tenant_id: order.tenantId, version: change.expectedVersion })
          .update({
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
            tenant_id: event.order.tenantId,
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
                tenant_id: event.order.tenantId,
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
    });
  }
}

function selectOrders(trx: Knex.Transaction, tenantId: TenantId) {
  return trx('orders')
    .select<StoredOrder[]>([...ORDER_COLUMNS, trx.raw(ITEMS)])
    .where('tenant_id', tenantId);
}

function toRow(order: OrderSnapshot): OrderRow {
  return {
    id: order.id,
    tenant_id: order.tenantId,
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

function fromRow(row: StoredOrder): OrderSnapshot {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    customerId: row.customer_id,
    customerEmail: row.customer_email,
    items: row.items,
    currency: row.currency,
    total: row.total,
    status: row.status,
    cancellationReason: row.cancellation_reason,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
