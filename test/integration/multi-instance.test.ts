import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmOrder, placeOrder, type Instance } from '../support/instance-requests.js';
import { kafkaOrSkip } from '../support/kafka-broker.js';
import { TopicReader } from '../support/kafka-consumer.js';
import { orderBurst, type Burst, type Change } from '../support/order-burst.js';
import { eventIdsOf, outOfOrder, problemsOf } from '../support/order-event-records.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { bearerFor, STAFF } from '../support/tokens.js';
import { changeKey, UpdateSubscriber } from '../support/update-subscriber.js';

// SPEC §10: any number of instances share one PostgreSQL and one Kafka cluster, each serving any request and
// relaying; nothing is lost because of their number, and a subscriber of one hears of changes made through another.

// Without PostgreSQL there is nothing to share: no broker is started for nothing (postgres.ts has said why).
const broker = postgresAvailable ? await kafkaOrSkip() : undefined;

const NAMES = ['A', 'B', 'C'] as const;
/** Requests in flight at once, across the three instances. */
const CONCURRENCY = 9;
/** Generous waits for a loaded machine: they bound a hang, they measure nothing. */
const DELIVERY_WAIT_MS = 90_000;
const SUBSCRIPTION_WAIT_MS = 30_000;
const EXIT_WAIT_MS = 15_000;
const START_WAIT_MS = 60_000;

const applicationName = (instance: string): string => `hexagonal-orders-${instance}`;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The `applied` list of the migration line a server logged at start, or undefined if it logged none. */
function appliedAtStart(server: ServerProcess): string[] | undefined {
  for (const line of server.logs.filter((candidate) => candidate.includes('"applied"'))) {
    const entry = JSON.parse(line) as { msg?: string; applied?: string[] };
    if (entry.msg === 'database migrated' || entry.msg === 'database schema is current') return entry.applied;
  }
  return undefined;
}

/** SIGTERM, and SIGKILL if it has not exited in time: a hung process must not outlive the suite. */
async function shutDown(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const timer = setTimeout(() => server.child.kill('SIGKILL'), EXIT_WAIT_MS);
  try {
    await server.stop();
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(!broker)('three instances on one PostgreSQL database and one Kafka broker', () => {
  const topic = `order-events-${randomUUID()}`;
  const servers: ServerProcess[] = [];
  let database: TestDatabase;
  let reader: TopicReader;
  let subscriber: UpdateSubscriber | undefined;
  let authorization: string;

  const instance = (index: number): Instance => ({ name: NAMES[index]!, url: servers[index]!.url });
  const environment = (name: string): Record<string, string> => ({
    ORDERS_REPOSITORY: 'postgres',
    // named in pg_stat_activity, so that the test can see what each instance's connections are doing
    DATABASE_URL: `${database.url}?application_name=${applicationName(name)}`,
    ORDERS_NOTIFIERS: 'kafka',
    KAFKA_BROKERS: broker!.brokers,
    KAFKA_TOPIC: topic,
    OUTBOX_RELAY: 'true',
    // every request comes from 127.0.0.1: one client address for the limiter
    RATE_LIMIT_MAX: '0',
  });

  beforeAll(async () => {
    database = await TestDatabase.create({ migrated: false });
    reader = await TopicReader.open(broker!.brokers, topic);
    authorization = await bearerFor(STAFF);
    // All three at the same moment, on an empty database: each migrates at start.
    const started = await Promise.allSettled(
      NAMES.map((name) => startServer(environment(name), { readyWithinMs: START_WAIT_MS })),
    );
    for (const outcome of started) if (outcome.status === 'fulfilled') servers.push(outcome.value);
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;

    subscriber = new UpdateSubscriber(servers[0]!.url, authorization);
    // graphql-ws does not acknowledge a subscription: an order placed through A arriving shows it is registered.
    for (let attempt = 1; ; attempt++) {
      const probe = await placeOrder(instance(0), authorization, 'c-probe');
      if (probe.kind !== 'answered' || probe.status !== 201) throw new Error(`probe: ${JSON.stringify(probe)}`);
      const missing = await subscriber.waitFor([changeKey(probe.body.id, 1)], 2_000);
      if (missing.length === 0) break;
      if (attempt === 10) throw new Error(`the subscription on A heard nothing: ${subscriber.failures.join('; ')}`);
    }
  }, 180_000);

  afterAll(async () => {
    // each step whatever became of the one before: nothing of this suite may outlive it
    await subscriber?.close().catch(() => undefined);
    await Promise.allSettled(servers.map(shutDown));
    await reader?.close().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    await broker?.destroy();
  }, 120_000);

  /**
   * SIGKILLs C as soon as one of its connections is seen holding claimed deliveries while it sends them to Kafka, or
   * when `now` is aborted, whichever comes first; resolves with whether it was caught relaying.
   */
  async function killMidRelay(victim: ServerProcess, now: AbortSignal): Promise<boolean> {
    let relaying = false;
    while (!relaying && !now.aborted) {
      const { rows } = await database.owner.raw<{ rows: unknown[] }>(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = ? AND state = 'idle in transaction' AND query LIKE '%WITH due AS%'",
        [applicationName('C')],
      );
      relaying = rows.length > 0;
    }
    victim.child.kill('SIGKILL');
    return relaying;
  }

  /** Waits until every event committed so far is on the topic, checks each record, and counts the repeats. */
  async function expectEveryCommittedEventOnTopic(): Promise<{ committed: number; duplicates: number }> {
    const committed = new Set((await database.owner('order_events').pluck('event_id')) as string[]);
    const arrived = (): number => [...eventIdsOf(reader.records)].filter((id) => committed.has(id)).length;
    await reader.waitUntil(() => arrived() === committed.size, DELIVERY_WAIT_MS).catch(() => undefined);
    const records = [...reader.records];
    const published = eventIdsOf(records);
    expect(
      [...committed].filter((id) => !published.has(id)),
      'committed events missing from the topic',
    ).toEqual([]);
    expect(
      [...published].filter((id) => !committed.has(id)),
      'events on the topic never committed',
    ).toEqual([]);
    expect(records.flatMap(problemsOf)).toEqual([]);
    expect(outOfOrder(records)).toEqual([]);
    return { committed: committed.size, duplicates: records.length - published.size };
  }

  let firstBurst: Promise<Burst> | undefined;
  /** The burst with all three up, shared by the tests that read it, run once by whichever comes first. */
  const allUp = (): Promise<Burst> => (firstBurst ??= burst(300));
  const burst = (count: number, onPlaced?: (placed: number) => void): Promise<Burst> =>
    orderBurst({
      count,
      concurrency: CONCURRENCY,
      instances: () => NAMES.map((_, index) => instance(index)),
      authorization,
      ...(onPlaced && { onPlaced }),
    });

  it('migrates the empty database once when all three start at the same moment', async () => {
    const history = (await database.owner('knex_migrations').orderBy('id').pluck('name')) as string[];
    expect(history.length).toBeGreaterThan(0);
    expect(new Set(history).size).toBe(history.length);
    const applied = servers.map(appliedAtStart);
    expect(applied.filter((names) => names?.length)).toEqual([history]);
    expect(applied.filter((names) => names?.length === 0)).toHaveLength(2);
    expect(await database.owner('knex_migrations_lock').select('is_locked')).toEqual([{ is_locked: 0 }]);
  });

  it('accepts 300 orders placed round-robin, each confirmed through another instance, and publishes every committed event', async () => {
    const { placed, changes, refused, unreachable } = await allUp();
    expect(refused).toEqual([]);
    expect(unreachable).toEqual([]);
    expect(placed).toHaveLength(300);
    expect(changes).toHaveLength(600);
    const { committed, duplicates } = await expectEveryCommittedEventOnTopic();
    console.info(`multi-instance: ${committed} events, ${duplicates} duplicates`);
  }, 240_000);

  it('tells a subscriber on A of every change made through B and C', async () => {
    const elsewhere = (await allUp()).changes.filter((change) => change.via !== 'A');
    expect(elsewhere.length).toBeGreaterThan(0);
    const missing = await subscriber!.waitFor(
      elsewhere.map((change) => changeKey(change.orderId, change.version)),
      SUBSCRIPTION_WAIT_MS,
    );
    expect(subscriber!.failures).toEqual([]);
    expect(missing.length, `${missing.length} of ${elsewhere.length} changes through B and C never reached A`).toBe(0);
    // Beside them, for comparison, the changes made through A itself (which A may hear of without going round).
    const summary = (changes: readonly Change[]): string => {
      const latencies = changes.flatMap((change) => {
        const arrivedAt = subscriber!.arrivals.get(changeKey(change.orderId, change.version));
        return arrivedAt === undefined ? [] : [arrivedAt - change.answeredAt];
      });
      return `${latencies.length} changes, response -> message p50 ${percentile(latencies, 50)} ms, max ${Math.max(...latencies)} ms`;
    };
    const throughA = (await allUp()).changes.filter((change) => change.via === 'A');
    console.info(
      `multi-instance: subscriber on A; through B and C: ${summary(elsewhere)}; through A: ${summary(throughA)}`,
    );
  }, 240_000);

  it('loses nothing acknowledged when C is killed with SIGKILL mid-burst: the others relay what it left', async () => {
    await allUp();
    const victim = servers[2]!;
    const exited = once(victim.child, 'exit');
    // The kill comes while C relays, between the 45th and the 90th of 150 orders: the burst goes on around it.
    let killed: Promise<boolean> | undefined;
    const killNow = new AbortController();
    const { placed, changes, refused, unreachable } = await burst(150, (placedSoFar) => {
      if (placedSoFar === 45) killed = killMidRelay(victim, killNow.signal);
      if (placedSoFar === 90) killNow.abort();
    });
    const caughtRelaying = await (killed ?? killMidRelay(victim, AbortSignal.abort()));
    await exited;
    expect(refused).toEqual([]);
    // Only C may fail to answer, and only as a lost connection; it did fail some, so it died mid-burst.
    expect(unreachable.filter((reply) => reply.via !== 'C')).toEqual([]);
    expect(unreachable.length).toBeGreaterThan(0);

    // Every order answered 201 exists, at least at the version each answered change gave it.
    const stored = new Map(
      (
        (await database.owner('orders').whereIn('id', placed).select('id', 'version')) as {
          id: string;
          version: number;
        }[]
      ).map((row) => [row.id, row.version]),
    );
    expect(placed.filter((id) => !stored.has(id))).toEqual([]);
    expect(changes.filter((change) => (stored.get(change.orderId) ?? 0) < change.version)).toEqual([]);

    const { committed, duplicates } = await expectEveryCommittedEventOnTopic();
    console.info(
      `multi-instance: after SIGKILL of C mid-burst (${caughtRelaying ? 'caught holding claimed deliveries' : 'not caught relaying'}), ${committed} events, ${duplicates} duplicates; ${unreachable.length} requests to C unanswered`,
    );
  }, 240_000);

  it('serves again once the killed instance is restarted', async () => {
    if (servers[2]!.child.exitCode === null && servers[2]!.child.signalCode === null) servers[2]!.child.kill('SIGKILL');
    servers[2] = await startServer(environment('C'), { readyWithinMs: START_WAIT_MS });
    expect(appliedAtStart(servers[2])).toEqual([]);
    const placed = await placeOrder(instance(2), authorization, 'c-restart');
    expect(placed).toMatchObject({ kind: 'answered', status: 201 });
    const id = placed.kind === 'answered' ? placed.body.id : '';
    expect(await confirmOrder(instance(2), authorization, id)).toMatchObject({ kind: 'answered', status: 200 });
    await expectEveryCommittedEventOnTopic();
    expect(eventIdsOf(reader.records.filter((record) => record.key === id)).size).toBe(2);
  }, 240_000);
});
