import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { DeliveryRecord, OrderOutbox, OutboxBacklog } from '../../ports/outbound/order-outbox.js';

/** Route label of a request no route matched: never the raw URL, which would make one series per id. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The longest a scrape waits for the outbox count before it answers without it. */
const DEFAULT_BACKLOG_TIMEOUT_MS = 2_000;

/** Seconds; finer than prom-client's defaults at the low end, where an in-memory request lands. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const DELIVERY_OUTCOMES: readonly DeliveryRecord['status'][] = ['delivered', 'retry', 'dead'];
const BACKLOG_STATES = ['pending', 'dead'] as const;

export interface ServiceMetricsOptions {
  /** Read at each scrape for `outbox_backlog`. */
  readonly outbox: Pick<OrderOutbox, 'backlog'>;
  /** The configured notifiers: their series start at zero, so rates and alerts have a value before the first event. */
  readonly notifiers: readonly string[];
  /** Told when a scrape could not read the outbox (at debug: readiness already reports the database). */
  readonly logger: Pick<Logger, 'debug'>;
  readonly backlogTimeoutMs?: number;
}

export interface ObservedRequest {
  readonly method: string;
  /** The route pattern (`/orders/:id`), or UNMATCHED_ROUTE. */
  readonly route: string;
  readonly status: number;
  readonly seconds: number;
}

/**
 * The service's Prometheus metrics, in a registry of their own (never prom-client's global one), so that each
 * app instance counts alone.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly requestSeries = new Map<string, Histogram.Internal<'method' | 'route' | 'status'>>();
  private readonly ordersPlaced: Counter;
  private readonly deliveries: Counter<'notifier' | 'outcome'>;

  constructor(options: ServiceMetricsOptions) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    this.requestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code, with the time taken to answer them.',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });

    this.ordersPlaced = new Counter({
      name: 'orders_placed_total',
      help: 'Orders placed and committed (REST or GraphQL); an idempotent replay places none.',
      registers,
    });

    this.deliveries = new Counter({
      name: 'notifier_deliveries_total',
      help: 'Delivery decisions per event and notifier: delivered, retry (failed, to be tried again) or dead (parked).',
      labelNames: ['notifier', 'outcome'],
      registers,
    });
    for (const notifier of options.notifiers) {
      for (const outcome of DELIVERY_OUTCOMES) this.deliveries.inc({ notifier, outcome }, 0);
    }

    const timeoutMs = options.backlogTimeoutMs ?? DEFAULT_BACKLOG_TIMEOUT_MS;
    new Gauge({
      name: 'outbox_backlog',
      help: 'Deliveries owed per notifier: pending (due or awaiting a retry) or dead (parked until re-queued). Absent while the outbox cannot be read.',
      labelNames: ['notifier', 'state'],
      registers,
      async collect() {
        this.reset();
        let backlog: readonly OutboxBacklog[];
        try {
          backlog = await withTimeout(options.outbox.backlog(), timeoutMs);
        } catch (error) {
          // /metrics still answers: the process and request metrics matter most while the database is down.
          options.logger.debug({ err: error }, 'outbox backlog unavailable for /metrics');
          return;
        }
        const counts = new Map<string, OutboxBacklog>(
          options.notifiers.map((notifier) => [notifier, { notifier, pending: 0, dead: 0 }]),
        );
        for (const entry of backlog) counts.set(entry.notifier, entry);
        for (const entry of counts.values()) {
          for (const state of BACKLOG_STATES) this.set({ notifier: entry.notifier, state }, entry[state]);
        }
      },
    });
  }

  /** The Content-Type of `render()`: the Prometheus text format, version 0.0.4. */
  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  observeRequest({ method, route, status, seconds }: ObservedRequest): void {
    // One series per method, route template and status, so few: each is looked up by prom-client once, not per request.
    const key = `${method} ${route} ${status}`;
    let series = this.requestSeries.get(key);
    if (series === undefined) {
      series = this.requestDuration.labels({ method, route, status: String(status) });
      this.requestSeries.set(key, series);
    }
    series.observe(seconds);
  }

  /** Hears every committed batch of events; each OrderPlaced is an order placed. */
  countCommitted(events: readonly OrderEvent[]): void {
    const placed = events.filter((event) => event.type === 'OrderPlaced').length;
    if (placed > 0) this.ordersPlaced.inc(placed);
  }

  /** Hears the records of one delivery batch; each becomes `notifier_deliveries_total{notifier, outcome}`. */
  recorded(notifier: string, records: readonly DeliveryRecord[]): void {
    for (const record of records) this.deliveries.inc({ notifier, outcome: record.status });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
