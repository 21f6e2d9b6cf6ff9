import { ExponentialBackoff, handleAll, retry, type RetryPolicy } from 'cockatiel';
import pg from 'pg';
import type { Logger } from 'pino';
import type { OrderUpdates, OrderUpdatesListener } from '../../ports/inbound/order-updates.js';
import { orderEventOf, type OrderEventRow } from './order-event-row.js';
import { SERVICE_ROLE } from './postgres-roles.js';

/** The channel migration 007's trigger notifies: `tenant:id,id,…` per committed statement that inserted events. */
const CHANNEL = 'order_events';

/** How the listening session names itself in pg_stat_activity, for an operator looking for it. */
export const LISTENER_APPLICATION_NAME = 'hexagonal-orders order updates';

const READ = 'select event_id, type, occurred_at, payload from order_events_committed($1, $2)';

export interface PostgresOrderUpdatesOptions {
  readonly url: string;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  /** The first and the longest wait between attempts to connect again. */
  readonly backoff?: { readonly initialDelayMs: number; readonly maxDelayMs: number };
}

/**
 * Every instance's committed changes, heard through PostgreSQL's LISTEN/NOTIFY on a connection of its own (a pooled
 * one would be handed to other work): the notifications come in commit order, each change's events are read back as
 * its tenant, and the listeners hear them in that order. A lost connection is opened again with backoff (cockatiel);
 * changes committed meanwhile are not heard: a live view, not a delivery (docs/adr/0022).
 */
export class PostgresOrderUpdates implements OrderUpdates {
  private readonly listeners: OrderUpdatesListener[] = [];
  private readonly reconnection: RetryPolicy;
  private readonly stopping = new AbortController();
  private client: pg.Client | undefined;
  private connecting: Promise<void> = Promise.resolve();
  /** The changes heard and not yet passed on, chained so that listeners hear them in commit order. */
  private passing: Promise<void> = Promise.resolve();

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

  /** Listens; resolves once listening, or after the first failed attempt, the next ones then following in the back. */
  start(): Promise<void> {
    return new Promise((firstAttempt) => this.reconnect(firstAttempt));
  }

  /** Stops listening and trying to; resolves once the changes already heard have been passed on. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.connecting;
    await this.passing;
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

  private heard(client: pg.Client, payload: string): void {
    const [tenant = '', ids = ''] = payload.split(':');
    this.passing = this.passing.then(() => this.passOn(client, tenant, ids.split(',')));
  }

  /** Reads one change's events and passes them on; a failure is logged and goes no further. */
  private async passOn(client: pg.Client, tenant: string, ids: readonly string[]): Promise<void> {
    const events = await client.query<OrderEventRow>(READ, [tenant, ids]).then(
      ({ rows }) => rows.map(orderEventOf),
      (error: unknown) => {
        this.options.logger.warn({ err: error, tenant }, 'cannot read the events of a committed change');
        return [];
      },
    );
    if (events.length === 0) return;
    for (const listener of this.listeners) {
      try {
        await listener(events);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'a committed-changes listener failed');
      }
    }
  }
}
