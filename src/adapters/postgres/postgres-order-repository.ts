import type { Knex } from 'knex';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { OrderLine, OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { OrderId } from '../../domain/model/values/order-id.js';
import type { OrderStatus } from '../../domain/model/values/order-status.js';
import type { TenantId } from '../../domain/model/values/tenant-id.js';
import type { OrderChange, OrderQuery, OrderRepository, SaveOutcome } from '../../ports/outbound/order-repository.js';
import { activeTraceParent } from './active-trace-parent.js';
import { autocommit } from './postgres-transaction.js';

/** An order as the orders_read view gives it: its row, with its lines in line order. */
interface StoredOrder {
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
  items: OrderLine[];
}

// The functions of migration 006 (the two that save, as migration 008 extended them with the save's trace context,
// and as migration 009 wraps them for a save that applies a message): each binds the statement to orders_service and
// the tenant, as `inTenant` does a transaction, and does its work in that one statement, so each call is one round
// trip.
const FIND = 'select * from orders_find(?, ?::uuid)';
const LIST = 'select * from orders_list(?, ?, ?, ?::timestamptz, ?::uuid, ?::bigint)';
const PLACE = 'select orders_place(?, ?::jsonb, ?::jsonb, ?::jsonb, ?::text[], ?::text) as outcome';
const CHANGE = 'select orders_change(?, ?::jsonb, ?::integer, ?::jsonb, ?::text[], ?::text) as outcome';
const PLACE_MESSAGE =
  'select orders_place_message(?, ?::jsonb, ?::jsonb, ?::jsonb, ?::text[], ?::text, ?::uuid) as outcome';
const CHANGE_MESSAGE =
  'select orders_change_message(?, ?::jsonb, ?::integer, ?::jsonb, ?::text[], ?::text, ?::uuid) as outcome';

/**
 * Orders in PostgreSQL (knex + pg): one statement per call, atomic on its own and bound to one tenant, which the
 * row-level security policies enforce as well; each save is conditional on the version; parameterized SQL only.
 */
export class PostgresOrderRepository implements OrderRepository {
  /** `notifiers`: who is owed each committed event; a delivery row per (event, notifier) joins the outbox. */
  constructor(
    private readonly db: Knex,
    private readonly notifiers: readonly string[],
  ) {}

  async findById(tenantId: TenantId, id: OrderId): Promise<OrderSnapshot | null> {
    const { rows } = await autocommit('read', () => this.db.raw<{ rows: StoredOrder[] }>(FIND, [tenantId, id]));
    const [row] = rows;
    return row ? fromRow(row) : null;
  }

  async list(query: OrderQuery): Promise<OrderSnapshot[]> {
    const { tenantId, customerId, status, after, limit } = query;
    const bindings = [tenantId, customerId ?? null, status ?? null, after?.createdAt ?? null, after?.id ?? null, limit];
    const { rows } = await autocommit('read', () => this.db.raw<{ rows: StoredOrder[] }>(LIST, bindings));
    return rows.map(fromRow);
  }

  async save(change: OrderChange): Promise<SaveOutcome> {
    const { order, expectedVersion, messageId } = change;
    const placing = expectedVersion === 0;
    const events = JSON.stringify(change.events.map(toEventRow));
    // Taken before the statement starts, while the context is still the caller's.
    const traceParent = activeTraceParent() ?? null;
    const bindings = [
      order.tenantId,
      JSON.stringify(toRow(order)),
      placing ? JSON.stringify(toLineRows(order)) : expectedVersion,
      events,
      [...this.notifiers],
      traceParent,
      ...(messageId === undefined ? [] : [messageId]),
    ];
    const [plain, applyingMessage] = placing ? [PLACE, PLACE_MESSAGE] : [CHANGE, CHANGE_MESSAGE];
    const sql = messageId === undefined ? plain : applyingMessage;
    const { rows } = await autocommit('write', () => this.db.raw<{ rows: { outcome: SaveOutcome }[] }>(sql, bindings));
    return rows[0]!.outcome;
  }
}

function toRow(order: OrderSnapshot) {
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

function toLineRows(order: OrderSnapshot) {
  return order.items.map((item, lineNo) => ({
    order_id: order.id,
    tenant_id: order.tenantId,
    line_no: lineNo,
    sku: item.sku,
    quantity: item.quantity,
    unit_price: item.unitPrice,
  }));
}

// The payload is the order as the event left it, the JSON the outbox hands to every notifier.
function toEventRow(event: OrderEvent) {
  return {
    event_id: event.eventId,
    tenant_id: event.order.tenantId,
    order_id: event.order.id,
    order_version: event.order.version,
    type: event.type,
    occurred_at: event.occurredAt,
    payload: event.order,
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
