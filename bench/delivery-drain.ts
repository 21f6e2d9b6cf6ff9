import { once } from 'node:events';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import knex from 'knex';
import { pino } from 'pino';
import { KafkaNotifier } from '../src/adapters/kafka/kafka-notifier.js';
import { orderEventMessage } from '../src/adapters/kafka/order-event-message.js';
import { PostgresOrderOutbox } from '../src/adapters/postgres/postgres-order-outbox.js';
import { CircuitBreakerNotifier } from '../src/adapters/resilience/circuit-breaker-notifier.js';
import { ExponentialRetrySchedule } from '../src/adapters/resilience/exponential-retry-schedule.js';
import { SystemClock } from '../src/adapters/system/system-clock.js';
import type { OrderSnapshot } from '../src/domain/model/order-snapshot.js';
import type { OrderEvent } from '../src/domain/model/order-events.js';
import { deliveryBatchSizeOf } from '../src/app/delivery-batch-sizes.js';
import {
  DELIVERY_BATCH_SIZE,
  DeliverOrderEvents,
} from '../src/domain/use-cases/deliver-order-events/deliver-order-events.js';

/**
 * Pair 5, one side per process: `app` drains the outbox through the DeliverOrderEvents use case (claim, deliver
 * through the circuit breaker to Kafka, record), `baseline` sends the same messages with kafkajs directly, in batches of the
 * same size as the relay's claims. Prints one JSON line: events, seconds, events per second, this process's CPU time per event (user plus
 * system, in µs, over the drain alone), peak RSS, and when the drain started and ended (ms since the epoch). With
 * `--together` (pair 7's relays drain one outbox at once), `app` prints `ready` once connected and warmed up, and
 * starts once its standard input brings `go`.
 */
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const side = process.argv[2];
const together = process.argv.includes('--together');
const databaseUrl = process.env.DATABASE_URL ?? '';
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const topic = process.env.KAFKA_TOPIC ?? 'bench-order-events';
/** The relay's batch size for Kafka, which the baseline sends too, so both make as many requests. */
const BATCH = deliveryBatchSizeOf('kafka') ?? DELIVERY_BATCH_SIZE;

function warmUpEvent(): OrderEvent {
  const at = new Date();
  const order: OrderSnapshot = {
    id: '00000000-0000-4000-8000-000000000000',
    tenantId: 'bench',
    customerId: 'warm-up',
    customerEmail: 'warm-up@example.com',
    items: [{ sku: 'W', quantity: 1, unitPrice: 1 }],
    currency: 'USD',
    total: 1,
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  return { eventId: '00000000-0000-4000-8000-000000000001', type: 'OrderPlaced', occurredAt: at, order };
}

async function drainWithDelivery(): Promise<number> {
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 4 } });
  const notifier = new CircuitBreakerNotifier(new KafkaNotifier({ brokers, topic, logger: pino({ level: 'warn' }) }));
  await notifier.deliver([warmUpEvent()]);
  const delivery = new DeliverOrderEvents(
    new PostgresOrderOutbox(db),
    notifier,
    new ExponentialRetrySchedule(),
    new SystemClock(),
    BATCH,
  );
  if (together) {
    console.log('ready');
    let word = '';
    process.stdin.on('data', (chunk: Buffer) => (word += chunk.toString()));
    await once(process.stdin, 'end');
    // Standard input also ends, with no word, when the bench stops before the gate opens.
    if (word.trim() !== 'go') process.exit(1);
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  let drained = 0;
  // As DeliveryLoop does: two workers, each batch after batch until nothing is due.
  const worker = async () => {
    for (let records = await delivery.deliverDue(); records.length > 0; records = await delivery.deliverDue()) {
      drained += records.length;
    }
  };
  await Promise.all([worker(), worker()]);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await notifier.close();
  await db.destroy();
  return report(drained, started, seconds, used);
}

async function sendDirectly(): Promise<number> {
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
  const rows = await db('order_events')
    .select<{ event_id: string; type: OrderEvent['type']; occurred_at: Date; payload: Record<string, unknown> }[]>(
      'event_id',
      'type',
      'occurred_at',
      'payload',
    )
    .orderBy('occurred_at');
  await db.destroy();
  const events: OrderEvent[] = rows.map((row) => ({
    eventId: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at,
    order: {
      ...(row.payload as unknown as OrderSnapshot),
      createdAt: new Date(String(row.payload.createdAt)),
      updatedAt: new Date(String(row.payload.updatedAt)),
    },
  }));
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers, logLevel: logLevel.WARN });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [orderEventMessage(warmUpEvent())] });
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let index = 0; index < events.length; index += BATCH) {
    await producer.send({ topic, acks: -1, messages: events.slice(index, index + BATCH).map(orderEventMessage) });
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await producer.disconnect();
  return report(events.length, started, seconds, used);
}

function report(events: number, started: number, seconds: number, cpu: NodeJS.CpuUsage): number {
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const cpuUsPerEvent = (cpu.user + cpu.system) / events;
  const startedAt = performance.timeOrigin + started;
  const endedAt = startedAt + seconds * 1000;
  console.log(
    JSON.stringify({
      events,
      seconds,
      eventsPerSecond: events / seconds,
      cpuUsPerEvent,
      peakRssMb,
      startedAt,
      endedAt,
    }),
  );
  return events;
}

if (side === 'app') await drainWithDelivery();
else if (side === 'baseline') await sendDirectly();
else throw new Error('usage: delivery-drain.ts app|baseline');
