import type { Knex } from 'knex';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { OrderEventType } from '../../domain/model/order-events.js';
import type { DeliveryRecord, OrderOutbox, OutboxBacklog, PendingDelivery } from '../../ports/outbound/order-outbox.js';
import { asRelay } from './postgres-roles.js';

interface DueRow {
  event_id: string;
  attempts: number;
  type: OrderEventType;
  occurred_at: Date;
  payload: Omit<OrderSnapshot, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };
}

// Of each order only the oldest pending event is claimable, so a notifier sees every order's events in version order.
// SKIP LOCKED lets several instances deliver side by side without ever claiming the same delivery. Due is judged at
// the instant the caller gives, by the clock retries are scheduled with, not by the server's now().
const CLAIM = `
  SELECT d.event_id, d.attempts, e.type, e.occurred_at, e.payload
  FROM event_deliveries d
  JOIN order_events e ON e.event_id = d.event_id
  WHERE d.notifier = ? AND d.status = 'pending' AND d.next_attempt_at <= ?::timestamptz
    AND NOT EXISTS (
      SELECT 1 FROM event_deliveries older
      WHERE older.notifier = d.notifier AND older.status = 'pending'
        AND older.order_id = d.order_id AND older.order_version < d.order_version
    )
  ORDER BY d.next_attempt_at
  LIMIT ?
  FOR UPDATE OF d SKIP LOCKED`;

// With a large backlog the planner's estimates favour hashing every pending delivery and sorting them all, about
// 30 times slower than walking the due-deliveries index and stopping at the limit. The claim knows its shape best.
const WALK_THE_INDEX = [
  'SET LOCAL enable_hashjoin = off',
  'SET LOCAL enable_mergejoin = off',
  'SET LOCAL enable_sort = off',
];

// Every decision of a batch in one statement, whatever its size: the outcomes travel as four parallel arrays, so the
// statement keeps one shape. A retry alone moves the next attempt. A claimed delivery is pending, and a pending one
// was never delivered, so its delivered_at is null: setting it only when delivered keeps it so without reading it,
// which orders_relay may not.
const RECORD = `
  UPDATE event_deliveries d
  SET status = v.status,
      attempts = d.attempts + 1,
      next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
      last_error = v.last_error,
      delivered_at = CASE WHEN v.status = 'delivered' THEN now() END
  FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::text[]) AS v (event_id, status, next_attempt_at, last_error)
  WHERE d.notifier = ? AND d.event_id = v.event_id`;

/** A next attempt before any instant a claim is given, whichever clock it comes from, as the memory outbox's 0. */
const DUE_AT_ONCE = new Date(0);

/**
 * The outbox in PostgreSQL: claims are row locks held while the batch is delivered, so a crash releases them. It
 * serves every tenant, as orders_relay: owed deliveries and their events are all it can read.
 */
export class PostgresOrderOutbox implements OrderOutbox {
  constructor(private readonly db: Knex) {}

  claimDue(
    notifier: string,
    limit: number,
    now: Date,
    decide: (due: readonly PendingDelivery[]) => Promise<readonly DeliveryRecord[]>,
  ): Promise<number> {
    return asRelay(
      this.db,
      async (trx) => {
        const { rows } = await trx.raw<{ rows: DueRow[] }>(CLAIM, [notifier, now, limit]);
        if (rows.length === 0) return 0;
        const claimed = new Set(rows.map((row) => row.event_id));
        // Only decisions about what was claimed count; anything else would touch rows another claim may hold.
        const records = (await decide(rows.map(toPending))).filter((entry) => claimed.has(entry.eventId));
        await record(trx, notifier, records);
        return rows.length;
      },
      WALK_THE_INDEX,
    );
  }

  requeueDead(notifier?: string): Promise<number> {
    return asRelay(this.db, async (trx) => {
      let update = trx('event_deliveries')
        .where('status', 'dead')
        .update({ status: 'pending', next_attempt_at: DUE_AT_ONCE });
      if (notifier !== undefined) update = update.where('notifier', notifier);
      return update;
    });
  }

  backlog(): Promise<readonly OutboxBacklog[]> {
    return asRelay(this.db, async (trx) => {
      const rows = await trx('event_deliveries')
        .select<{ notifier: string; pending: string; dead: string }[]>(
          'notifier',
          trx.raw("count(*) FILTER (WHERE status = 'pending') AS pending"),
          trx.raw("count(*) FILTER (WHERE status = 'dead') AS dead"),
        )
        .whereIn('status', ['pending', 'dead'])
        .groupBy('notifier')
        .orderBy('notifier');
      return rows.map((row) => ({ notifier: row.notifier, pending: Number(row.pending), dead: Number(row.dead) }));
    });
  }
}

function toPending(row: DueRow): PendingDelivery {
  const { createdAt, updatedAt, ...order } = row.payload;
  return {
    attempts: row.attempts,
    event: {
      eventId: row.event_id,
      type: row.type,
      occurredAt: row.occurred_at,
      order: { ...order, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) },
    },
  };
}

/** The status each decision leaves a delivery in: a retry stays pending until its next attempt. */
const STORED_STATUS = { delivered: 'delivered', retry: 'pending', dead: 'dead' } as const satisfies Record<
  DeliveryRecord['status'],
  string
>;

async function record(trx: Knex.Transaction, notifier: string, records: readonly DeliveryRecord[]): Promise<void> {
  // The last decision given for a delivery counts, as in the memory outbox: UPDATE … FROM applies one row per target.
  const latest = [...new Map(records.map((entry) => [entry.eventId, entry])).values()];
  if (latest.length === 0) return;
  await trx.raw(RECORD, [
    latest.map((entry) => entry.eventId),
    latest.map((entry) => STORED_STATUS[entry.status]),
    withNulls(latest.map((entry) => (entry.status === 'retry' ? entry.nextAttemptAt : null))),
    // The column holds text only (MAX_DELIVERY_ERROR_LENGTH characters): a NUL must not roll back the batch.
    withNulls(
      latest.map((entry) => (entry.status === 'delivered' ? null : entry.error.replaceAll(String.fromCharCode(0), ''))),
    ),
    notifier,
  ]);
}

/** pg sends an array holding nulls as an array with NULL elements; knex's binding types only list arrays without. */
function withNulls(values: readonly (string | Date | null)[]): Knex.Value {
  return values as Knex.Value;
}
