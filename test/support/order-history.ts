import type { Knex } from 'knex';
import { EVENT_OF, type SentCommand } from './command-topic.js';

/** Where an order stands, as its row says. */
export interface OrderState {
  readonly status: string;
  readonly version: number;
}

/** Where one command stands: in the database, and for the consumer group. */
export interface CommandStanding {
  readonly partition: number;
  readonly offset: number;
  readonly type: string;
  readonly applied: boolean;
  readonly committed: boolean;
}

/**
 * What the database holds of some orders, read by the login that owns the tables (past row-level security), so a
 * test sees what was stored whatever the service says.
 */
export class OrderHistory {
  private constructor(
    /** The types of each order's events, oldest first, repeats included. */
    readonly events: ReadonlyMap<string, readonly string[]>,
    readonly states: ReadonlyMap<string, OrderState>,
  ) {}

  static async of(owner: Knex, ids: readonly string[]): Promise<OrderHistory> {
    const events = new Map<string, string[]>(ids.map((id) => [id, []]));
    const rows = await owner('order_events')
      .whereIn('order_id', ids)
      .orderBy('order_version')
      .select<{ order_id: string; type: string }[]>('order_id', 'type');
    for (const row of rows) events.get(row.order_id)?.push(row.type);
    const orders = await owner('orders')
      .whereIn('id', ids)
      .select<{ id: string; status: string; version: number }[]>('id', 'status', 'version');
    return new OrderHistory(
      events,
      new Map(orders.map((row) => [row.id, { status: row.status, version: row.version }])),
    );
  }

  /** Reads the history until `enough` holds of it, and resolves with it; undefined once `withinMs` has passed. */
  static async awaiting(
    owner: Knex,
    ids: readonly string[],
    enough: (history: OrderHistory) => boolean | Promise<boolean>,
    withinMs: number,
  ): Promise<OrderHistory | undefined> {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      const history = await OrderHistory.of(owner, ids);
      if (await enough(history)) return history;
    }
    return undefined;
  }

  /** Whether the command has left its event in its order's history. */
  applied(sent: SentCommand): boolean {
    return this.events.get(sent.command.orderId)?.includes(EVENT_OF[sent.command.type]) ?? false;
  }

  /** How many of the commands have left their event. */
  appliedCount(sent: readonly SentCommand[]): number {
    return sent.filter((one) => this.applied(one)).length;
  }

  /** Each command with whether it is stored here and whether a group's committed offsets (by partition) pass it. */
  ledger(sent: readonly SentCommand[], committed: ReadonlyMap<number, number>): CommandStanding[] {
    return sent.map((one) => ({
      partition: one.partition,
      offset: one.offset,
      type: one.command.type,
      applied: this.applied(one),
      committed: one.offset < (committed.get(one.partition) ?? 0),
    }));
  }

  /** How many events of `type` the order has. */
  countOf(id: string, type: string): number {
    return (this.events.get(id) ?? []).filter((candidate) => candidate === type).length;
  }
}
