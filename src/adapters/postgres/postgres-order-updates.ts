import { ExponentialBackoff, handleAll, retry, type RetryPolicy } from 'cockatiel';
import pg from 'pg';
import type { Logger } from 'pino';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { OrderUpdates, OrderUpdatesListener } from '../../ports/inbound/order-updates.js';
import type { CommittedEvents } from '../../ports/outbound/committed-events.js';
import { orderEventOf, type OrderEventRow } from './order-event-row.js';
import { SERVICE_ROLE } from './postgres-roles.js';

/** The channel every instance notifies after each commit, and listens on: `tenant:id,id,…` per change. */
const CHANNEL = 'order_events';

/** Ids per notification: 100 of 37 characters, with the tenant, stay far below PostgreSQL's 8000 bytes. */
const IDS_PER_NOTIFICATION = 100;

/** How the listening session names itself in pg_stat_activity, for an operator looking for it. */
export const LISTENER_APPLICATION_NAME = 'hexagonal-orders order updates';

const READ = 'select event_id, type, occurred_at, payload from order_events_committed($1, $2)';
// In the order of the array: notifications from one session arrive in the order it sent them.
const NOTIFY = 'select pg_notify($1, payload) from unnest($2::text[]) as payload';

/** One committed change as heard: its tenant and its events' ids. */
interface Heard {
  readonly tenant: string;
  readonly ids: readonly string[];
}

export interface PostgresOrderUpdatesOptions {
  readonly url: string;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  /** The first and the longest wait between attempts to connect again. */
  readonly backoff?: { readonly initialDelayMs: number; readonly maxDelayMs: number };
}

/**
 * Committed changes between instances, through PostgreSQL's LISTEN/NOTIFY on a connection of its own (a pooled one
 * would be handed to other work). After each commit here, `announce` notifies the tenant and event ids; every
 * instance, this one included, hears them in the order they were sent, reads the events back as their tenant, and
 * passes them to its listeners. The notification follows the commit instead of being part of it: a NOTIFY in the
 * committing transaction holds a cluster-wide lock through the commit's flush, which halved concurrent commits
 * (docs/adr/0022). A lost connection is opened again with backoff (cockatiel); changes announced meanwhile are not
 * heard: a live view, not a delivery.
 */
export class PostgresOrderUpdates implements OrderUpdates, CommittedEvents {
  private readonly listeners: OrderUpdatesListener[] = [];
  private readonly reconnection: RetryPolicy;
  private readonly stopping = new AbortController();
  private client: pg.Client | undefined;
  private connecting: Promise<void> = Promise.resolve();
  /** The changes heard and not yet passed on, chained so that listeners hear them in commit order. */
  private passing: Promise<void> = Promise.resolve();
  /** The statements sent on the connection, one after another: pg takes one query at a time. */
  private statements: Promise<unknown> = Promise.resolve();
  /**
   * Notifications not sent yet, and changes heard and not read yet: whatever gathers while the connection is busy
   * goes in the next statement, so that under a burst the statements do not queue up one per change.
   */
  private unsent: string[] = [];
  private unread: Heard[] = [];

  constructor(private readonly options: PostgresOrderUpdatesOptions) {
    const { initialDelayMs, maxDelayMs } = options.backoff ?? { initialDelayMs: 100, maxDelayMs: 5_000 };
    this.reconnection = retry(handleAll, {
      maxAttempts: Infinity,
      backoff: new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: maxDelayMs }),
    });
    this.reconnection.onRetry(({ attempt, delay, ...reason }) =>
      options.logger.warn(
        { err: 'error' in reason ? reason.error : undefined, attempt, delayMs: delay },
        'cannot listen for committed changes; trying again',
      ),
    );
  }

  listen(listener: OrderUpdatesListener): void {
    this.listeners.push(listener);
  }

  /** Notifies every instance of the events, in the background; while disconnected, nothing is sent. */
  announce(events: readonly OrderEvent[]): Promise<void> {
    const client = this.client;
    if (client === undefined) return Promise.resolve();
    const waiting = this.unsent.length > 0;
    this.unsent.push(...notificationsOf(events));
    // Sent in order on the one connection, not awaited: the change already stands, and the caller answers now.
    if (!waiting)
      this.inTurn(client, NOTIFY, () => [CHANNEL, this.unsent.splice(0)]).catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'cannot announce a committed change'),
      );
    return Promise.resolve();
  }

  /** Listens; resolves once listening, or after the first failed attempt, the next ones then following in the back. */
  start(): Promise<void> {
    return new Promise((firstAttempt) => this.reconnect(firstAttempt));
  }

  /** Stops listening and trying to; resolves once the changes already heard have been passed on. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.connecting;
    await this.passing;
    await this.statements;
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }

  private reconnect(afterFirstAttempt: () => void = () => undefined): void {
    this.connecting = this.reconnection
      .execute(async () => {
        try {
          await this.connect();
        } finally {
          afterFirstAttempt();
        }
      }, this.stopping.signal)
      .catch(() => undefined); // only a stop ends the attempts
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: 2_000,
      keepAlive: true,
    });
    // Before connecting: an error event with no handler would end the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    client.on('notification', ({ channel, payload }) => {
      if (channel === CHANNEL && payload !== undefined) this.heard(client, payload);
    });
    try {
      await client.connect();
      // As the pool's connections do: whatever runs here runs as a role the policies bind.
      await client.query(`SET ROLE ${SERVICE_ROLE}; LISTEN ${CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopping.signal.aborted) {
      await client.end();
      return;
    }
    this.client = client;
    this.options.logger.info({ channel: CHANNEL }, 'listening for committed changes');
  }

  private lost(client: pg.Client, error: Error): void {
    if (client !== this.client || this.stopping.signal.aborted) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.options.logger.warn({ err: error }, 'lost the connection committed changes are heard on; reconnecting');
    this.reconnect();
  }

  private inTurn<Row extends pg.QueryResultRow>(
    client: pg.Client,
    sql: string,
    values: () => readonly unknown[],
  ): Promise<pg.QueryResult<Row>> {
    // The values are taken when the turn comes, so that they hold all that gathered until then.
    const turn = this.statements.then(() => client.query<Row>(sql, [...values()]));
    this.statements = turn.catch(() => undefined);
    return turn;
  }

  private heard(client: pg.Client, payload: string): void {
    if (this.stopping.signal.aborted) return; // what is heard once stopping is not passed on
    const [tenant = '', ids = ''] = payload.split(':');
    const waiting = this.unread.length > 0;
    this.unread.push({ tenant, ids: ids.split(',') });
    if (!waiting) this.passing = this.passing.then(() => this.passOn(client, this.unread.splice(0)));
  }

  /** Reads the changes' events, one statement per tenant, and passes them on change by change, as heard. */
  private async passOn(client: pg.Client, changes: readonly Heard[]): Promise<void> {
    const byId = new Map<string, OrderEvent>();
    for (const [tenant, ids] of idsPerTenant(changes)) {
      const { rows } = await this.inTurn<OrderEventRow>(client, READ, () => [tenant, ids]).catch((error: unknown) => {
        this.options.logger.warn({ err: error, tenant }, 'cannot read the events of a committed change');
        return { rows: [] };
      });
      for (const row of rows) byId.set(row.event_id, orderEventOf(row));
    }
    // Instances announce after their commits, so a version committed elsewhere just after one committed here may be
    // heard first. Each is passed on all the same: a subscriber hears every change, and each carries its version.
    for (const change of changes) {
      const events = change.ids.flatMap((id) => byId.get(id) ?? []);
      if (events.length > 0) await this.passToListeners(events);
    }
  }

  /** A listener's failure is logged and goes no further. */
  private async passToListeners(events: readonly OrderEvent[]): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(events);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'a committed-changes listener failed');
      }
    }
  }
}

/** The ids of the changes, per tenant, in their order. */
function idsPerTenant(changes: readonly Heard[]): Map<string, string[]> {
  const byTenant = new Map<string, string[]>();
  for (const { tenant, ids } of changes) {
    const list = byTenant.get(tenant) ?? [];
    list.push(...ids);
    byTenant.set(tenant, list);
  }
  return byTenant;
}

/** The payloads announcing `events`: per tenant, its ids in the events' order, at most IDS_PER_NOTIFICATION each. */
function notificationsOf(events: readonly OrderEvent[]): string[] {
  const idsByTenant = idsPerTenant(events.map(({ eventId, order }) => ({ tenant: order.tenantId, ids: [eventId] })));
  return [...idsByTenant].flatMap(([tenant, ids]) =>
    Array.from(
      { length: Math.ceil(ids.length / IDS_PER_NOTIFICATION) },
      (_, chunk) =>
        `${tenant}:${ids.slice(chunk * IDS_PER_NOTIFICATION, (chunk + 1) * IDS_PER_NOTIFICATION).join(',')}`,
    ),
  );
}
