import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandTopic, commandFor, type CommandType, type SentCommand } from '../support/command-topic.js';
import { placeOrder } from '../support/instance-requests.js';
import { kafkaOrSkip } from '../support/kafka-broker.js';
import { OrderHistory } from '../support/order-history.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { counterOf, readinessOf } from '../support/service-probes.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { bearerFor, STAFF, TEST_TENANT } from '../support/tokens.js';

// SPEC §11: commands consumed from Kafka are applied once each, offsets are committed only after the change is
// stored, and neither a database outage nor the end of the process (killed or asked to stop) skips or repeats one.

const broker = postgresAvailable ? await kafkaOrSkip() : undefined;

/** Orders per test: enough records that the service is caught with some applied and some not. */
const ORDERS = 120;
/** Generous waits for a loaded machine: they bound a hang, they measure nothing. */
const START_WAIT_MS = 60_000;
/** A group whose member was killed is rebalanced once the broker gives up on it (kafkajs' session timeout, 30 s). */
const DRAIN_WAIT_MS = 120_000;
const EXIT_WAIT_MS = 15_000;
/** How long the database stays away, at the least. */
const OUTAGE_MS = 4_000;
const COUNTER = 'kafka_input_messages_total';
/** How many commands a process has applied when it is killed or stopped: it is then in the middle of the stream. */
const IN_FLIGHT = 10;

describe.skipIf(!broker)('the Kafka input of the built server, through outages and restarts, on PostgreSQL', () => {
  let database: TestDatabase;
  let authorization: string;
  const servers: ServerProcess[] = [];
  const topics: CommandTopic[] = [];

  beforeAll(async () => {
    database = await TestDatabase.create();
    authorization = await bearerFor(STAFF);
  }, 120_000);

  afterAll(async () => {
    // each step whatever became of the one before: nothing of this suite may outlive it
    await Promise.allSettled(servers.map(shutDown));
    await Promise.allSettled(topics.map((topic) => topic.close()));
    await database?.drop().catch(() => undefined);
    await broker?.destroy();
  }, 120_000);

  async function start(topic: CommandTopic, databaseUrl = database.url): Promise<ServerProcess> {
    const server = await startServer(
      {
        ORDERS_REPOSITORY: 'postgres',
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: broker!.brokers,
        KAFKA_INPUT_TOPIC: topic.topic,
        // every request comes from 127.0.0.1: one client address for the limiter
        RATE_LIMIT_MAX: '0',
      },
      { readyWithinMs: START_WAIT_MS },
    );
    servers.push(server);
    return server;
  }

  async function openTopic(): Promise<CommandTopic> {
    const topic = await CommandTopic.create(broker!.brokers, `order-commands-${randomUUID()}`);
    topics.push(topic);
    return topic;
  }

  /** Places `count` orders through the server's REST API, ten at a time; resolves with their ids. */
  async function placeOrders(server: ServerProcess, count: number): Promise<string[]> {
    const ids: string[] = [];
    while (ids.length < count) {
      const replies = await Promise.all(
        Array.from({ length: Math.min(10, count - ids.length) }, () =>
          placeOrder({ name: 'server', url: server.url }, authorization, `c-${randomUUID()}`),
        ),
      );
      for (const reply of replies) {
        if (reply.kind !== 'answered' || reply.status !== 201) throw new Error(`placing: ${JSON.stringify(reply)}`);
        ids.push(reply.body.id);
      }
    }
    return ids;
  }

  const commands = (type: CommandType, ids: readonly string[]) => ids.map((id) => commandFor(type, TEST_TENANT, id));

  const history = (ids: readonly string[]) => OrderHistory.of(database.owner, ids);

  /** Resolves, with the history then, as soon as it sees at least `count` of the commands applied. */
  async function applying(ids: readonly string[], sent: readonly SentCommand[], count: number): Promise<OrderHistory> {
    const enough = (at: OrderHistory) => at.appliedCount(sent) >= count;
    const seen = await OrderHistory.awaiting(database.owner, ids, enough, DRAIN_WAIT_MS);
    if (!seen) throw new Error(`fewer than ${count} commands were applied`);
    return seen;
  }

  async function allApplied(ids: readonly string[], sent: readonly SentCommand[]): Promise<void> {
    await expect
      .poll(async () => (await history(ids)).appliedCount(sent), { timeout: DRAIN_WAIT_MS, interval: 100 })
      .toBe(sent.length);
  }

  /** The group has committed up to the end of every partition, and nothing was dead-lettered. */
  async function expectDrained(topic: CommandTopic, group: string): Promise<void> {
    const ends = await topic.ends();
    await expect.poll(async () => topic.committed(group), { timeout: 30_000, interval: 100 }).toEqual(ends);
    expect(await topic.deadLettered()).toBe(0);
  }

  /** Each order ends at `status`, `version`, with exactly one event of each of `types`. */
  async function expectExactlyOnce(ids: readonly string[], status: string, version: number, types: string[]) {
    const seen = await history(ids);
    expect(ids.filter((id) => !isDeepStrictEqual(seen.states.get(id), { status, version }))).toEqual([]);
    for (const type of types) expect(ids.filter((id) => seen.countOf(id, type) !== 1)).toEqual([]);
  }

  it('pauses while the database is away and, once it is back, applies every command once, skipping none', async () => {
    const target = new URL(database.url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${await proxy.open()}`;
    const topic = await openTopic();
    const server = await start(topic, viaProxy.toString());
    try {
      const ids = await placeOrders(server, ORDERS);
      const sent = await topic.send(commands('PaymentCaptured', ids.slice(0, ORDERS / 2)));
      const before = await applying(ids, sent, IN_FLIGHT);
      await proxy.cut();
      const cutAt = Date.now();
      // The rest arrives while the database is away: the service holds them, retrying, and drops none.
      sent.push(...(await topic.send(commands('PaymentCaptured', ids.slice(ORDERS / 2)))));
      const retried = () => counterOf(server.url, COUNTER, { type: 'PaymentCaptured', outcome: 'retried' });
      await expect.poll(retried, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
      const unready = await readinessOf(server.url);
      expect(unready.httpStatus).toBe(503);
      expect(unready.checks).toHaveProperty('kafka-input');
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + OUTAGE_MS - Date.now())));
      const during = await history(ids);
      const group = `${topic.topic}-consumer`;
      expect(during.ledger(sent, await topic.committed(group)).filter((one) => one.committed && !one.applied)).toEqual(
        [],
      );
      await proxy.open();
      console.info(
        `[kafka-input outage] ${before.appliedCount(sent)} of ${ORDERS} applied at the cut, ` +
          `${during.appliedCount(sent)} when it mended, ${await retried()} retries; ` +
          `kafka-input check while away: ${JSON.stringify(unready.checks['kafka-input'])}`,
      );

      await allApplied(ids, sent);
      await expectExactlyOnce(ids, 'confirmed', 2, ['OrderConfirmed']);
      await expectDrained(topic, group);
      expect(await counterOf(server.url, COUNTER, { outcome: 'dead_lettered' })).toBe(0);
      expect(await counterOf(server.url, COUNTER, { outcome: 'applied' })).toBeGreaterThanOrEqual(ORDERS);
      const ready = async () => readinessOf(server.url);
      await expect.poll(async () => (await ready()).checks['kafka-input']?.status, { timeout: 30_000 }).toBe('ok');
      expect((await ready()).httpStatus).toBe(200);
    } finally {
      await shutDown(server);
      await proxy.cut();
    }
  }, 300_000);

  it('after a SIGKILL, a restart on the same group applies what was left once, and repeats nothing', async () => {
    const topic = await openTopic();
    const group = `${topic.topic}-consumer`;
    const first = await start(topic);
    const ids = await placeOrders(first, ORDERS);
    const sent = await topic.send([...commands('PaymentCaptured', ids), ...commands('ShipmentDispatched', ids)]);
    await applying(ids, sent, IN_FLIGHT);
    // At best in the window this test is about: a change stored, its offset not yet committed.
    const caught = await OrderHistory.awaiting(
      database.owner,
      ids,
      async (at) => at.ledger(sent, await topic.committed(group)).some((one) => one.applied && !one.committed),
      3_000,
    );
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    // Nothing is committed before it is stored: every record below a committed offset is applied.
    const committed = await topic.committed(group);
    const stored = await history(ids);
    const ledger = stored.ledger(sent, committed);
    expect(ledger.filter((one) => one.committed && !one.applied)).toEqual([]);
    console.info(
      `[kafka-input SIGKILL] ${caught?.appliedCount(sent) ?? 'over ' + IN_FLIGHT} of ${sent.length} applied when killed, ` +
        `${stored.appliedCount(sent)} once it had exited, ${ledger.filter((one) => one.applied && !one.committed).length} ` +
        `of them uncommitted (${caught ? '' : 'not '}caught between store and commit)`,
    );
    expect(stored.appliedCount(sent)).toBeLessThan(sent.length);

    const second = await start(topic);
    try {
      await allApplied(ids, sent);
      await expectDrained(topic, group);
      await expectExactlyOnce(ids, 'shipped', 3, ['OrderConfirmed', 'OrderShipped']);
    } finally {
      expect(await shutDown(second)).toBe(0);
    }
  }, 300_000);

  it('on SIGTERM finishes and commits the record in hand, exits 0, and a restart applies the rest once', async () => {
    const topic = await openTopic();
    const group = `${topic.topic}-consumer`;
    const first = await start(topic);
    const ids = await placeOrders(first, ORDERS);
    const sent = await topic.send([...commands('PaymentCaptured', ids), ...commands('ShipmentDispatched', ids)]);
    const atStop = await applying(ids, sent, IN_FLIGHT);
    expect(await shutDown(first)).toBe(0);

    // What was stored and what was committed meet exactly: applied below the committed offset, untouched from it on.
    const committed = await topic.committed(group);
    const stored = await history(ids);
    expect(stored.ledger(sent, committed).filter((one) => one.committed !== one.applied)).toEqual([]);
    console.info(
      `[kafka-input SIGTERM] ${atStop.appliedCount(sent)} of ${sent.length} applied when asked to stop, ` +
        `${stored.appliedCount(sent)} once it had exited; committed ${JSON.stringify([...committed])}`,
    );
    expect(stored.appliedCount(sent)).toBeLessThan(sent.length);

    const second = await start(topic);
    try {
      await allApplied(ids, sent);
      await expectDrained(topic, group);
      await expectExactlyOnce(ids, 'shipped', 3, ['OrderConfirmed', 'OrderShipped']);
    } finally {
      expect(await shutDown(second)).toBe(0);
    }
  }, 300_000);
});

/** SIGTERM, and SIGKILL if it has not exited in time: a hung process must not outlive the suite. */
async function shutDown(server: ServerProcess): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  const timer = setTimeout(() => server.child.kill('SIGKILL'), EXIT_WAIT_MS);
  try {
    return await server.stop();
  } finally {
    clearTimeout(timer);
  }
}
