import { spawn } from 'node:child_process';
import { startKafkaBroker } from '../test/support/kafka-broker.js';
import type { TestDatabase } from '../test/support/postgres.js';
import { median } from './median.js';
import { pair, type Pair, type Side } from './pair.js';
import { root, settings } from './settings.js';

/** Pair 5: the outbox relay draining a backlog to Kafka against kafkajs producing the same messages directly. */

export interface Drain {
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly cpuUsPerEvent: number;
  readonly peakRssMb: number;
  /** When the drain started and ended, in ms since the epoch. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/** Holds drains that run at once until each is connected and warmed up, then lets them all start. */
export interface Gate {
  /** Called by each drain once it is ready. */
  readonly ready: () => void;
  /** Settles when every drain is ready. */
  readonly opened: Promise<void>;
}

/** Fills the outbox with `events` placed orders owed to Kafka, straight in SQL (the setup is not measured). */
export async function fillBacklog(database: TestDatabase, events: number): Promise<void> {
  // As the tables' owner: the service's role sees only one tenant's rows, and may not write these directly.
  const knex = database.owner;
  await database.truncate();
  await knex.raw(
    `INSERT INTO orders (id, tenant_id, customer_id, customer_email, currency, total, status, cancellation_reason, version, created_at, updated_at)
     SELECT gen_random_uuid(), 'bench', 'c-' || (g % 100), 'bench@example.com', 'USD', 2500, 'pending', NULL, 1,
            timestamp '2026-01-01' + g * interval '1 millisecond', timestamp '2026-01-01' + g * interval '1 millisecond'
     FROM generate_series(1, ?) AS g`,
    [events],
  );
  await knex.raw(
    `INSERT INTO order_lines (order_id, tenant_id, line_no, sku, quantity, unit_price) SELECT id, tenant_id, 0, 'BOOK-42', 2, 1250 FROM orders`,
  );
  await knex.raw(
    `INSERT INTO order_events (event_id, tenant_id, order_id, order_version, type, occurred_at, payload)
     SELECT gen_random_uuid(), tenant_id, id, 1, 'OrderPlaced', created_at, jsonb_build_object(
       'id', id, 'tenantId', tenant_id, 'customerId', customer_id, 'customerEmail', customer_email,
       'items', jsonb_build_array(jsonb_build_object('sku', 'BOOK-42', 'quantity', 2, 'unitPrice', 1250)),
       'currency', currency, 'total', total, 'status', status, 'cancellationReason', NULL, 'version', 1,
       'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'updatedAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     FROM orders`,
  );
  await knex.raw(
    `INSERT INTO event_deliveries (event_id, tenant_id, notifier, order_id, order_version) SELECT event_id, tenant_id, 'kafka', order_id, order_version FROM order_events`,
  );
  await knex.raw('ANALYZE');
}

/**
 * Runs bench/delivery-drain.ts for one side, in a process of its own, and answers the JSON line it prints. Behind a
 * gate, the drain starts once the gate opens.
 */
export function runDrain(side: 'app' | 'baseline', env: Record<string, string>, gate?: Gate): Promise<Drain> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', 'bench/delivery-drain.ts', side, ...(gate ? ['--together'] : [])];
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: [gate ? 'pipe' : 'ignore', 'pipe', 'inherit'],
    });
    let output = '';
    let announced = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (gate && !announced && output.split('\n').includes('ready')) {
        announced = true;
        gate.ready();
        void gate.opened.then(() => child.stdin!.end('go\n'));
      }
    });
    child.once('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Drain);
      else reject(new Error(`delivery-drain ${side} exited with ${code}: ${output}`));
    });
  });
}

export function summary(drains: readonly Drain[]): Side {
  return {
    requestsPerSecond: median(drains.map((drain) => drain.eventsPerSecond)),
    cpuUsPerRequest: median(drains.map((drain) => drain.cpuUsPerEvent)),
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    peakRssMb: Math.max(...drains.map((drain) => drain.peakRssMb)),
    errors: 0,
  };
}

export async function relayPair(database: TestDatabase): Promise<Pair> {
  console.log(
    `5. Draining ${settings.events} events to Kafka: the delivery vs kafkajs producing the same messages in batches`,
  );
  const broker = await startKafkaBroker();
  try {
    const env = { DATABASE_URL: database.url, KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC: 'bench-order-events' };
    const drains = { app: [] as Drain[], baseline: [] as Drain[] };
    for (let round = 1; round <= settings.rounds; round++) {
      for (const side of ['app', 'baseline'] as const) {
        await fillBacklog(database, settings.events);
        const drain = await runDrain(side, env);
        if (drain.events !== settings.events) throw new Error(`${side} drained ${drain.events} of ${settings.events}`);
        console.log(
          `  ${side} round ${round}: ${drain.eventsPerSecond.toFixed(0)} events/s, ${drain.cpuUsPerEvent.toFixed(0)} µs CPU/event`,
        );
        drains[side].push(drain);
      }
    }
    return pair(
      `5. Outbox relay to Kafka (${settings.events} events)`,
      { app: summary(drains.app), baseline: summary(drains.baseline) },
      { on: 'throughput', ratio: 0.6 },
      'events/s',
    );
  } finally {
    await broker.destroy();
  }
}
