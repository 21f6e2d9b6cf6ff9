import { describe, expect, it, vi } from 'vitest';
import { MemoryOrderOutbox } from '../../src/adapters/memory/memory-order-outbox.js';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { OutboxQueues } from '../../src/adapters/memory/outbox-queues.js';
import type { OrderAction } from '../../src/domain/model/order-lifecycle.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import {
  DELIVERY_BATCH_SIZE,
  DeliverOrderEvents,
} from '../../src/domain/use-cases/deliver-order-events/deliver-order-events.js';
import type { CommittedEvents } from '../../src/ports/outbound/committed-events.js';
import type { DeliveryOutcome, OrderNotifier } from '../../src/ports/outbound/order-notifier.js';
import {
  MAX_DELIVERY_ERROR_LENGTH,
  type DeliveryRecord,
  type OrderOutbox,
  type OutboxBacklog,
  type PendingDelivery,
} from '../../src/ports/outbound/order-outbox.js';
import type { RetrySchedule } from '../../src/ports/outbound/retry-schedule.js';
import { FixedClock } from '../support/fixed-clock.js';
import { orderCore } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';

const START = new Date('2026-01-01T00:00:00.000Z');
/** What the test schedule answers for every failed attempt. */
const DELAY = 30_000;

type Answer = 'delivered' | 'transient' | 'permanent' | 'no outcome';
/** One call's answer, per event. */
type Step = (event: OrderEvent) => Answer;

const always =
  (answer: Answer): Step =>
  () =>
    answer;
const forEvent =
  (eventId: string, answer: Answer, otherwise: Answer = 'delivered'): Step =>
  (event) =>
    event.eventId === eventId ? answer : otherwise;

/** A notifier that records every call and answers as scripted; once the script runs out, it delivers everything. */
class ScriptedNotifier implements OrderNotifier {
  readonly calls: OrderEvent[][] = [];
  /** Event ids it answered "delivered" for, in order. */
  readonly delivered: string[] = [];
  transientReason = 'smtp 451: try again later';
  permanentReason = 'smtp 550: no such mailbox';
  private readonly script: Step[] = [];

  constructor(readonly name: string) {}

  /** Answers the next calls with these steps, one call each. */
  answers(...steps: Step[]): this {
    this.script.push(...steps);
    return this;
  }

  /** Every event it was handed, in order, repeats included. */
  get seen(): string[] {
    return this.calls.flat().map((event) => event.eventId);
  }

  async deliver(events: readonly OrderEvent[]): Promise<readonly DeliveryOutcome[]> {
    this.calls.push([...events]);
    const step = this.script.shift() ?? always('delivered');
    return events.flatMap((event): DeliveryOutcome[] => {
      switch (step(event)) {
        case 'delivered':
          this.delivered.push(event.eventId);
          return [{ eventId: event.eventId, delivered: true }];
        case 'transient':
          return [{ eventId: event.eventId, delivered: false, permanent: false, reason: this.transientReason }];
        case 'permanent':
          return [{ eventId: event.eventId, delivered: false, permanent: true, reason: this.permanentReason }];
        case 'no outcome':
          return [];
      }
    });
  }

  async close(): Promise<void> {}
}

/** A fixed delay, and the attempt counts it was asked about. */
class FixedDelaySchedule implements RetrySchedule {
  readonly asked: number[] = [];

  delayAfter(failedAttempts: number): number {
    this.asked.push(failedAttempts);
    return DELAY;
  }
}

/** Passes everything to the real outbox and keeps what was decided, so tests can read it. */
class RecordingOutbox implements OrderOutbox {
  readonly records: DeliveryRecord[] = [];
  /** The instant each claim was asked to compare with, in order. */
  readonly claimedAt: Date[] = [];

  constructor(private readonly inner: OrderOutbox) {}

  claimDue(
    notifier: string,
    limit: number,
    now: Date,
    decide: (due: readonly PendingDelivery[]) => Promise<readonly DeliveryRecord[]>,
  ): Promise<number> {
    this.claimedAt.push(now);
    return this.inner.claimDue(notifier, limit, now, async (due) => {
      const decided = await decide(due);
      this.records.push(...decided);
      return decided;
    });
  }

  requeueDead(notifier?: string): Promise<number> {
    return this.inner.requeueDead(notifier);
  }

  backlog(): Promise<readonly OutboxBacklog[]> {
    return this.inner.backlog();
  }

  /** The last decision for an event. */
  lastRecord(eventId: string): DeliveryRecord | undefined {
    return this.records.filter((record) => record.eventId === eventId).at(-1);
  }
}

/** Keeps every event announced after a commit. */
class AnnouncedEvents implements CommittedEvents {
  readonly events: OrderEvent[] = [];

  async announce(events: readonly OrderEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

function setup() {
  const clock = new FixedClock(START);
  const queues = new OutboxQueues(['email', 'kafka']);
  const outbox = new RecordingOutbox(new MemoryOrderOutbox(queues));
  const repository = new MemoryOrderRepository(queues);
  const ids = new SequentialIds();
  const announced = new AnnouncedEvents();
  const core = orderCore({ orders: repository, committedEvents: announced, clock, ids });
  const schedule = new FixedDelaySchedule();
  const email = new ScriptedNotifier('email');
  const kafka = new ScriptedNotifier('kafka');

  /** Places an order, applies `actions` in turn, and returns its committed events, oldest first. */
  async function order(...actions: OrderAction[]): Promise<OrderEvent[]> {
    const placed = await core.place({ items: [{ sku: 'A-1', quantity: 2, unitPrice: 1250 }] });
    for (const action of actions) {
      const changed = await core.change(action, { orderId: placed.id });
      if (!changed.ok) throw new Error(`could not ${action} the order`);
    }
    return announced.events.filter((event) => event.order.id === placed.id);
  }

  function deliveryTo(notifier: OrderNotifier, batchSize?: number): DeliverOrderEvents {
    return new DeliverOrderEvents(outbox, notifier, schedule, clock, batchSize);
  }

  async function backlogOf(notifier: string): Promise<OutboxBacklog | undefined> {
    return (await outbox.backlog()).find((entry) => entry.notifier === notifier);
  }

  return { clock, outbox, repository, schedule, email, kafka, order, deliveryTo, backlogOf };
}

/** Each order's delivered versions, in the order they were handed over. */
function versionsByOrder(events: readonly OrderEvent[]): Map<string, number[]> {
  const byOrder = new Map<string, number[]>();
  for (const event of events)
    byOrder.set(event.order.id, [...(byOrder.get(event.order.id) ?? []), event.order.version]);
  return byOrder;
}

function ids(events: readonly OrderEvent[]): string[] {
  return events.map((event) => event.eventId);
}

describe('DeliverOrderEvents', () => {
  it('serves the notifier it was given', () => {
    const world = setup();
    expect(world.deliveryTo(world.kafka).notifier).toBe('kafka');
  });

  it('resolves with the records it made, for logs and metrics', async () => {
    const world = setup();
    const [placed] = await world.order();
    const delivery = world.deliveryTo(world.email);
    expect(await delivery.deliverDue()).toEqual([{ eventId: placed!.eventId, status: 'delivered' }]);
    expect(await delivery.deliverDue()).toEqual([]);
  });

  it("delivers each order's events in orderVersion order, one per order per run, across runs", async () => {
    const world = setup();
    const a = await world.order('confirm', 'ship', 'deliver');
    const b = await world.order('cancel');
    const c = await world.order();
    const delivery = world.deliveryTo(world.email);

    const counts = [];
    for (let run = 0; run < 5; run++) counts.push((await delivery.deliverDue()).length);

    expect(counts).toEqual([3, 2, 1, 1, 0]);
    for (const batch of world.email.calls)
      expect(new Set(batch.map((event) => event.order.id)).size).toBe(batch.length);
    const delivered = versionsByOrder(world.email.calls.flat());
    expect(delivered.get(a[0]!.order.id)).toEqual([1, 2, 3, 4]);
    expect(delivered.get(b[0]!.order.id)).toEqual([1, 2]);
    expect(delivered.get(c[0]!.order.id)).toEqual([1]);
    expect(world.email.seen.sort()).toEqual(ids([...a, ...b, ...c]).sort());
    expect(world.email.calls.flat().map((event) => event.type)).toContain('OrderCancelled');
  });

  it("retries a transient failure after the schedule's delay, telling it how many attempts failed", async () => {
    const world = setup();
    const [placed] = await world.order();
    const delivery = world.deliveryTo(world.email);
    world.email.answers(always('transient'), always('transient'), always('transient'));

    expect((await delivery.deliverDue()).length).toBe(1);
    expect(world.schedule.asked).toEqual([1]);
    expect(world.outbox.lastRecord(placed!.eventId)).toEqual({
      eventId: placed!.eventId,
      status: 'retry',
      nextAttemptAt: new Date(START.getTime() + DELAY),
      error: 'smtp 451: try again later',
    });
    expect((await delivery.deliverDue()).length).toBe(0);
    world.clock.advance(DELAY - 1);
    expect((await delivery.deliverDue()).length).toBe(0);
    world.clock.advance(1);
    expect((await delivery.deliverDue()).length).toBe(1);
    expect(world.schedule.asked).toEqual([1, 2]);
    // Due by the clock the retries are scheduled with, the only one the outbox is given.
    expect(world.outbox.claimedAt.map((at) => at.getTime() - START.getTime())).toEqual([0, 0, DELAY - 1, DELAY]);

    world.clock.advance(DELAY);
    expect((await delivery.deliverDue()).length).toBe(1);
    expect(world.schedule.asked).toEqual([1, 2, 3]);
    world.clock.advance(DELAY);
    expect((await delivery.deliverDue()).length).toBe(1);
    world.clock.advance(10 * DELAY);
    expect((await delivery.deliverDue()).length).toBe(0);

    expect(world.email.seen).toEqual([placed!.eventId, placed!.eventId, placed!.eventId, placed!.eventId]);
    expect(world.email.delivered).toEqual([placed!.eventId]);
    expect(world.schedule.asked).toEqual([1, 2, 3]);
    expect(await world.backlogOf('email')).toBeUndefined();
  });

  it("parks a permanent failure as dead, never retries it, and lets the order's later versions go on", async () => {
    const world = setup();
    const [v1, v2, v3] = await world.order('confirm', 'ship');
    const delivery = world.deliveryTo(world.email);
    world.email.answers(forEvent(v1!.eventId, 'permanent'));

    expect((await delivery.deliverDue()).length).toBe(1);
    expect(world.outbox.lastRecord(v1!.eventId)).toEqual({
      eventId: v1!.eventId,
      status: 'dead',
      error: 'smtp 550: no such mailbox',
    });
    expect(await world.backlogOf('email')).toEqual({ notifier: 'email', pending: 2, dead: 1 });

    expect((await delivery.deliverDue()).length).toBe(1);
    expect((await delivery.deliverDue()).length).toBe(1);
    world.clock.advance(100 * DELAY);
    expect((await delivery.deliverDue()).length).toBe(0);

    expect(world.email.seen).toEqual(ids([v1!, v2!, v3!]));
    expect(world.email.delivered).toEqual(ids([v2!, v3!]));
    expect(world.schedule.asked).toEqual([]);
    expect(await world.backlogOf('email')).toEqual({ notifier: 'email', pending: 0, dead: 1 });
  });

  it('retries every event of a batch the notifier could not deliver', async () => {
    const world = setup();
    const events = [...(await world.order()), ...(await world.order()), ...(await world.order())];
    const delivery = world.deliveryTo(world.email);
    world.email.transientReason = 'connect ECONNREFUSED 127.0.0.1:25';
    world.email.answers(always('transient'));

    expect((await delivery.deliverDue()).length).toBe(3);
    for (const event of events) {
      expect(world.outbox.lastRecord(event.eventId)).toEqual({
        eventId: event.eventId,
        status: 'retry',
        nextAttemptAt: new Date(START.getTime() + DELAY),
        error: 'connect ECONNREFUSED 127.0.0.1:25',
      });
    }
    expect(world.schedule.asked).toEqual([1, 1, 1]);
    expect((await delivery.deliverDue()).length).toBe(0);
    expect(world.email.delivered).toEqual([]);

    world.clock.advance(DELAY);
    expect((await delivery.deliverDue()).length).toBe(3);
    expect(world.email.delivered.sort()).toEqual(ids(events).sort());
    expect(await world.backlogOf('email')).toBeUndefined();
  });

  it('records nothing and rejects when the notifier breaks its word and rejects, so the batch stays due', async () => {
    const world = setup();
    const [placed] = await world.order();
    const delivery = world.deliveryTo(world.email);
    vi.spyOn(world.email, 'deliver').mockRejectedValueOnce(new Error('a bug in the notifier'));

    await expect(delivery.deliverDue()).rejects.toThrow('a bug in the notifier');
    expect(world.outbox.records).toEqual([]);
    expect(await world.backlogOf('email')).toEqual({ notifier: 'email', pending: 1, dead: 0 });
    expect(await delivery.deliverDue()).toEqual([{ eventId: placed!.eventId, status: 'delivered' }]);
  });

  it('retries an event the notifier left without an outcome rather than lose it, and keeps the others', async () => {
    const world = setup();
    const [a] = await world.order();
    const [b] = await world.order();
    const delivery = world.deliveryTo(world.email);
    world.email.answers(forEvent(a!.eventId, 'no outcome'));

    expect((await delivery.deliverDue()).length).toBe(2);
    const record = world.outbox.lastRecord(a!.eventId);
    expect(record).toMatchObject({
      eventId: a!.eventId,
      status: 'retry',
      nextAttemptAt: new Date(START.getTime() + DELAY),
    });
    expect(record?.status === 'retry' && record.error.length).toBeGreaterThan(0);
    expect(world.outbox.lastRecord(b!.eventId)).toEqual({ eventId: b!.eventId, status: 'delivered' });
    expect(world.schedule.asked).toEqual([1]);
    expect((await delivery.deliverDue()).length).toBe(0);

    world.clock.advance(DELAY);
    expect((await delivery.deliverDue()).length).toBe(1);
    expect(world.email.delivered).toEqual([b!.eventId, a!.eventId]);
  });

  it('caps the recorded error text at MAX_DELIVERY_ERROR_LENGTH (500) characters', async () => {
    const world = setup();
    const [transient] = await world.order();
    const [permanent] = await world.order();
    const [fine] = await world.order();
    const long = `${'a'.repeat(499)}bcdefgh${'z'.repeat(2000)}`;
    const delivery = world.deliveryTo(world.email);

    world.email.transientReason = long;
    world.email.permanentReason = long;
    world.email.answers((event) =>
      event.eventId === transient!.eventId
        ? 'transient'
        : event.eventId === permanent!.eventId
          ? 'permanent'
          : 'delivered',
    );
    expect((await delivery.deliverDue()).length).toBe(3);
    expect(world.outbox.lastRecord(transient!.eventId)).toMatchObject({
      status: 'retry',
      error: `${'a'.repeat(499)}b`,
    });
    expect(world.outbox.lastRecord(permanent!.eventId)).toMatchObject({ status: 'dead', error: `${'a'.repeat(499)}b` });

    expect(MAX_DELIVERY_ERROR_LENGTH).toBe(500);

    world.clock.advance(DELAY);
    world.email.transientReason = 'x'.repeat(500);
    world.email.answers(always('transient'));
    expect((await delivery.deliverDue()).length).toBe(1);
    expect(world.outbox.lastRecord(transient!.eventId)).toMatchObject({ status: 'retry', error: 'x'.repeat(500) });
    expect(world.outbox.lastRecord(fine!.eventId)).toEqual({ eventId: fine!.eventId, status: 'delivered' });
  });

  it('claims DELIVERY_BATCH_SIZE events at a time, and none without calling the notifier when nothing is due', async () => {
    const world = setup();
    const delivery = world.deliveryTo(world.email);

    expect(await delivery.deliverDue()).toEqual([]);
    expect(world.email.calls).toEqual([]);

    for (let index = 0; index < DELIVERY_BATCH_SIZE + 5; index++) await world.order();
    const counts = [];
    for (let run = 0; run < 3; run++) counts.push((await delivery.deliverDue()).length);
    expect(counts).toEqual([DELIVERY_BATCH_SIZE, 5, 0]);
    expect(world.email.calls.map((batch) => batch.length)).toEqual([DELIVERY_BATCH_SIZE, 5]);

    await world.order();
    world.email.answers(always('transient'));
    expect((await delivery.deliverDue()).length).toBe(1);
    expect((await delivery.deliverDue()).length).toBe(0);
    expect(world.email.calls).toHaveLength(3);
  });

  it('claims as many events at a time as the batch size it is given', async () => {
    const world = setup();
    const delivery = world.deliveryTo(world.kafka, 3);

    for (let index = 0; index < 7; index++) await world.order();
    const counts = [];
    for (let run = 0; run < 4; run++) counts.push((await delivery.deliverDue()).length);

    expect(counts).toEqual([3, 3, 1, 0]);
    expect(world.kafka.calls.map((batch) => batch.length)).toEqual([3, 3, 1]);
  });

  it('two deliveries over one outbox: failures of one notifier never repeat a delivery to the other', async () => {
    const world = setup();
    const a = await world.order('confirm', 'ship');
    const b = await world.order('cancel');
    const c = await world.order();
    const all = [...a, ...b, ...c];
    const toEmail = world.deliveryTo(world.email);
    const toKafka = world.deliveryTo(world.kafka);
    world.email.answers(
      always('transient'),
      always('transient'),
      forEvent(b[0]!.eventId, 'permanent', 'transient'),
      always('no outcome'),
    );

    for (let round = 0; round < 10; round++) {
      await Promise.all([toEmail.deliverDue(), toKafka.deliverDue()]);
      world.clock.advance(DELAY);
    }
    expect(await world.outbox.requeueDead('email')).toBe(1);
    for (let round = 0; round < 5; round++) {
      await Promise.all([toEmail.deliverDue(), toKafka.deliverDue()]);
      world.clock.advance(DELAY);
    }

    expect(world.kafka.seen.sort()).toEqual(ids(all).sort());
    expect(world.kafka.delivered.sort()).toEqual(ids(all).sort());
    expect(versionsByOrder(world.kafka.calls.flat())).toEqual(
      new Map([
        [a[0]!.order.id, [1, 2, 3]],
        [b[0]!.order.id, [1, 2]],
        [c[0]!.order.id, [1]],
      ]),
    );
    // E-mail saw repeats, but each event was delivered to it exactly once; a's in version order
    // (b's first event was parked as dead and re-queued, so it went after b's second).
    expect(world.email.seen.length).toBeGreaterThan(all.length);
    expect([...world.email.delivered].sort()).toEqual(ids(all).sort());
    expect(world.email.delivered.filter((eventId) => ids(a).includes(eventId))).toEqual(ids(a));
    expect(await world.outbox.backlog()).toEqual([]);
  });
});
