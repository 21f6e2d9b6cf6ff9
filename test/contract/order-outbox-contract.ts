import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { OrderStatus } from '../../src/domain/model/values/order-status.js';
import type { OrderEvent, OrderEventType } from '../../src/domain/model/order-events.js';
import {
  MAX_DELIVERY_ERROR_LENGTH,
  type DeliveryRecord,
  type OrderOutbox,
  type OutboxBacklog,
  type PendingDelivery,
} from '../../src/ports/outbound/order-outbox.js';
import type { OrderRepository } from '../../src/ports/outbound/order-repository.js';
import { traceContextCases } from './order-outbox-trace-cases.js';

/** The tenant of every order unless a case says otherwise: the outbox serves them all alike. */
const TENANT = 'tenant-a';

/** The notifiers every subject is wired for. */
export const OUTBOX_NOTIFIERS = ['email', 'kafka'] as const;

/** A repository and the outbox its saves fill, over empty storage. */
export interface OutboxSubject {
  readonly repository: OrderRepository;
  readonly outbox: OrderOutbox;
  /** The instant the tests give each claim to compare a delivery's next attempt against. */
  now(): Date;
  /** Moves that instant `ms` milliseconds on. */
  elapse(ms: number): Promise<void>;
}

export interface OutboxUnderTest {
  /** A fresh subject wired for OUTBOX_NOTIFIERS. */
  readonly fresh: () => Promise<OutboxSubject>;
  readonly teardown?: () => Promise<void>;
}

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let sequence = 0;
/** Commit time of the events, one millisecond apart, so every adapter sees them in the order they were saved. */
let tick = 0;

function nextUuid(prefix: string): string {
  sequence++;
  return `${prefix}-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
}

const EVENT_OF: Record<OrderStatus, OrderEventType> = {
  pending: 'OrderPlaced',
  confirmed: 'OrderConfirmed',
  shipped: 'OrderShipped',
  delivered: 'OrderDelivered',
  cancelled: 'OrderCancelled',
};

interface Saved {
  readonly order: OrderSnapshot;
  readonly event: OrderEvent;
}

function eventOf(order: OrderSnapshot): OrderEvent {
  return { eventId: nextUuid('20000000'), type: EVENT_OF[order.status], occurredAt: new Date(order.updatedAt), order };
}

/** Places a new order at version 1 with its OrderPlaced event. */
async function place(repository: OrderRepository, overrides: Partial<OrderSnapshot> = {}): Promise<Saved> {
  const at = new Date(T0 + ++tick);
  const order: OrderSnapshot = {
    id: nextUuid('10000000'),
    tenantId: TENANT,
    customerId: 'c-1',
    customerEmail: 'ada@example.com',
    items: [
      { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
      { sku: 'PEN.1_x', quantity: 1, unitPrice: 0 },
    ],
    currency: 'USD',
    total: 2500,
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
  const event = eventOf(order);
  expect(await repository.save({ order, expectedVersion: 0, events: [event] })).toBe('saved');
  return { order, event };
}

/** Saves the next version of `order` in `status`, with its event. */
async function advance(
  repository: OrderRepository,
  order: OrderSnapshot,
  status: OrderStatus,
  reason: string | null = null,
): Promise<Saved> {
  const next: OrderSnapshot = {
    ...order,
    status,
    cancellationReason: reason,
    version: order.version + 1,
    // Never before the order's own last change (the orders table refuses updatedAt < createdAt).
    updatedAt: new Date(Math.max(T0 + ++tick, order.updatedAt.getTime() + 1)),
  };
  const event = eventOf(next);
  expect(await repository.save({ order: next, expectedVersion: order.version, events: [event] })).toBe('saved');
  return { order: next, event };
}

/** An order with versions 1..n (n ≤ 4): placed, confirmed, shipped, delivered. */
async function history(repository: OrderRepository, versions: number): Promise<OrderEvent[]> {
  const path: OrderStatus[] = ['confirmed', 'shipped', 'delivered'];
  let current = await place(repository);
  const events = [current.event];
  for (const status of path.slice(0, versions - 1)) {
    current = await advance(repository, current.order, status);
    events.push(current.event);
  }
  return events;
}

type Decide = (due: PendingDelivery) => DeliveryRecord | undefined;

const delivered: Decide = ({ event }) => ({ eventId: event.eventId, status: 'delivered' });
const noDecision: Decide = () => undefined;
const retryAt =
  (nextAttemptAt: Date, error = 'smtp 451: try again later'): Decide =>
  ({ event }) => ({ eventId: event.eventId, status: 'retry', nextAttemptAt, error });
const dead =
  (error = 'smtp 550: no such mailbox'): Decide =>
  ({ event }) => ({ eventId: event.eventId, status: 'dead', error });

function ids(deliveries: readonly PendingDelivery[] | readonly OrderEvent[]): string[] {
  return deliveries.map((entry) => ('event' in entry ? entry.event.eventId : entry.eventId)).sort();
}

function sortedBacklog(backlog: readonly OutboxBacklog[]): OutboxBacklog[] {
  return [...backlog].sort((a, b) => (a.notifier < b.notifier ? -1 : a.notifier > b.notifier ? 1 : 0));
}

/** The one contract of the OrderOutbox port, run against every adapter of it. */
export function orderOutboxContract(name: string, subject: OutboxUnderTest, enabled = true): void {
  describe.skipIf(!enabled)(`OrderOutbox contract: ${name}`, () => {
    let repository: OrderRepository;
    let outbox: OrderOutbox;
    let world: OutboxSubject;

    beforeEach(async () => {
      world = await subject.fresh();
      ({ repository, outbox } = world);
    });

    afterAll(async () => {
      await subject.teardown?.();
    });

    /**
     * One claim for `notifier` of what is due at `at`: what it claimed, after recording `decide`'s answer for each
     * (none: undefined).
     */
    async function claim(
      notifier: string,
      decide: Decide = delivered,
      limit = 100,
      at: Date = world.now(),
    ): Promise<PendingDelivery[]> {
      const claimed: PendingDelivery[] = [];
      const count = await outbox.claimDue(notifier, limit, at, async (due) => {
        claimed.push(...due);
        return due.flatMap((pending) => {
          const record = decide(pending);
          return record ? [record] : [];
        });
      });
      expect(count).toBe(claimed.length);
      return claimed;
    }

    function inFuture(ms: number): Date {
      return new Date(world.now().getTime() + ms);
    }

    traceContextCases(() => world);

    describe('claiming', () => {
      it('offers a saved event to each configured notifier, with no attempts made yet', async () => {
        const { event } = await place(repository);

        const email = await claim('email', noDecision);
        const kafka = await claim('kafka', noDecision);

        expect(email).toEqual([{ event, attempts: 0 }]);
        expect(kafka).toEqual([{ event, attempts: 0 }]);
      });

      it('never claims an event again for a notifier that delivered it, while it stays pending for the other', async () => {
        const { event } = await place(repository);

        expect(ids(await claim('email'))).toEqual([event.eventId]);
        expect(await claim('email')).toEqual([]);
        expect(sortedBacklog(await outbox.backlog())).toEqual([{ notifier: 'kafka', pending: 1, dead: 0 }]);

        expect(ids(await claim('kafka'))).toEqual([event.eventId]);
        expect(await claim('kafka')).toEqual([]);
        expect(await claim('email')).toEqual([]);
        expect(await outbox.backlog()).toEqual([]);
      });

      it("never re-delivers to one notifier because another notifier's delivery is retried", async () => {
        const { event } = await place(repository);
        expect(ids(await claim('email'))).toEqual([event.eventId]);

        for (let attempt = 0; attempt < 3; attempt++) {
          const kafka = await claim('kafka', retryAt(inFuture(-MINUTE), 'broker down'));
          expect(kafka).toEqual([{ event, attempts: attempt }]);
          expect(await claim('email')).toEqual([]);
        }
        await claim('kafka', dead('broker refused the message'));
        expect(await outbox.requeueDead('kafka')).toBe(1);
        expect(await claim('email')).toEqual([]);
        expect(sortedBacklog(await outbox.backlog())).toEqual([{ notifier: 'kafka', pending: 1, dead: 0 }]);
      });

      it('claims only the oldest pending event of each order, then the next version once it is delivered', async () => {
        const a = await history(repository, 3);
        const b = await history(repository, 2);
        const c = await history(repository, 1);

        expect(ids(await claim('email'))).toEqual(ids([a[0]!, b[0]!, c[0]!]));
        expect(ids(await claim('email'))).toEqual(ids([a[1]!, b[1]!]));
        expect(ids(await claim('email'))).toEqual(ids([a[2]!]));
        expect(await claim('email')).toEqual([]);
        // The other notifier starts from each order's first version all the same.
        expect(ids(await claim('kafka', noDecision))).toEqual(ids([a[0]!, b[0]!, c[0]!]));
      });

      it('holds later versions back while the oldest waits for a retry that is not yet due', async () => {
        const [v1, v2] = await history(repository, 2);

        expect(ids(await claim('email', retryAt(inFuture(HOUR))))).toEqual([v1!.eventId]);
        expect(await claim('email')).toEqual([]);
        expect(sortedBacklog(await outbox.backlog())).toEqual([
          { notifier: 'email', pending: 2, dead: 0 },
          { notifier: 'kafka', pending: 2, dead: 0 },
        ]);

        await world.elapse(2 * HOUR);
        expect(await claim('email')).toEqual([{ event: v1, attempts: 1 }]);
        expect(await claim('email')).toEqual([{ event: v2, attempts: 0 }]);
        expect(await claim('email')).toEqual([]);
      });

      it('claims no more than the limit', async () => {
        for (let index = 0; index < 5; index++) await place(repository);

        expect(await claim('email', delivered, 2)).toHaveLength(2);
        expect(sortedBacklog(await outbox.backlog())).toContainEqual({ notifier: 'email', pending: 3, dead: 0 });
        expect(await claim('email', delivered, 1)).toHaveLength(1);
        expect(await claim('email', delivered, 10)).toHaveLength(2);
        expect(await claim('email', delivered, 10)).toHaveLength(0);
      });

      it('counts nothing claimed as 0, and claims nothing for a notifier it was not wired for', async () => {
        expect(await outbox.claimDue('email', 10, world.now(), async () => [])).toBe(0);
        await place(repository);
        expect(await claim('sms')).toEqual([]);
        expect(await claim('email')).toHaveLength(1);
      });

      it('never hands the same delivery to two claims of one notifier running at once', async () => {
        const saved: OrderEvent[] = [];
        for (let index = 0; index < 50; index++) saved.push((await place(repository)).event);

        const deliveries = new Map<string, number>();
        let claimedInTotal = 0;
        for (let round = 0; round < 50; round++) {
          const counts = await Promise.all(
            Array.from({ length: 4 }, () =>
              outbox.claimDue('email', 7, world.now(), async (due) => {
                for (const { event } of due) deliveries.set(event.eventId, (deliveries.get(event.eventId) ?? 0) + 1);
                await sleep(5);
                return due.map((pending) => ({ eventId: pending.event.eventId, status: 'delivered' as const }));
              }),
            ),
          );
          claimedInTotal += counts.reduce((sum, count) => sum + count, 0);
          if (!(await outbox.backlog()).some((entry) => entry.notifier === 'email')) break;
        }

        expect([...deliveries.keys()].sort()).toEqual(ids(saved));
        expect([...deliveries].filter(([, count]) => count !== 1)).toEqual([]);
        expect(claimedInTotal).toBe(50);
        expect(sortedBacklog(await outbox.backlog())).toEqual([{ notifier: 'kafka', pending: 50, dead: 0 }]);
      });

      it("counts a batch pending, and keeps it and its orders' next versions from other claims, until it is decided", async () => {
        const [v1, v2] = await history(repository, 2);
        let decided = false;
        let backlogWhileDelivering: OutboxBacklog[] = [];
        const seenByOther: { eventId: string; beforeTheDecision: boolean }[] = [];
        let other: Promise<number> | undefined;

        await outbox.claimDue('email', 10, world.now(), async (due) => {
          other = outbox.claimDue('email', 10, world.now(), async (otherDue) => {
            for (const { event } of otherDue) seenByOther.push({ eventId: event.eventId, beforeTheDecision: !decided });
            return otherDue.map((pending) => ({ eventId: pending.event.eventId, status: 'delivered' as const }));
          });
          backlogWhileDelivering = sortedBacklog(await outbox.backlog());
          // Time for the other claim to run while this batch is out.
          await sleep(50);
          decided = true;
          return due.map((pending) => ({ eventId: pending.event.eventId, status: 'delivered' as const }));
        });
        await other;
        const rest = await claim('email');

        expect(backlogWhileDelivering).toContainEqual({ notifier: 'email', pending: 2, dead: 0 });
        expect(seenByOther.filter((seen) => seen.eventId === v1!.eventId || seen.beforeTheDecision)).toEqual([]);
        expect([...seenByOther.map((seen) => seen.eventId), ...ids(rest)]).toEqual([v2!.eventId]);
        expect(sortedBacklog(await outbox.backlog())).toEqual([{ notifier: 'kafka', pending: 2, dead: 0 }]);
      });

      it('counts a first attempt once whatever its outcome, and a claim left undecided as never attempted', async () => {
        const a = await place(repository);
        const b = await place(repository);
        const c = await place(repository);
        const decisions: Record<string, Decide> = {
          [a.event.eventId]: retryAt(inFuture(-MINUTE)),
          [b.event.eventId]: noDecision,
          [c.event.eventId]: delivered,
        };

        await claim('email', (pending) => decisions[pending.event.eventId]!(pending));

        const again = await claim('email', noDecision);
        expect(again.sort((x, y) => (x.event.eventId < y.event.eventId ? -1 : 1))).toEqual([
          { event: a.event, attempts: 1 },
          { event: b.event, attempts: 0 },
        ]);
        expect(sortedBacklog(await outbox.backlog())).toContainEqual({ notifier: 'email', pending: 2, dead: 0 });
      });
    });

    describe('retries', () => {
      it('does not claim a retry before its next attempt is due, and counts the attempts', async () => {
        const { event } = await place(repository);

        expect(await claim('email', retryAt(inFuture(HOUR)))).toEqual([{ event, attempts: 0 }]);
        expect(await claim('email')).toEqual([]);
        await world.elapse(HOUR / 2);
        expect(await claim('email')).toEqual([]);

        await world.elapse(HOUR);
        expect(await claim('email', retryAt(inFuture(HOUR)))).toEqual([{ event, attempts: 1 }]);
        expect(await claim('email')).toEqual([]);

        await world.elapse(2 * HOUR);
        expect(await claim('email')).toEqual([{ event, attempts: 2 }]);
        expect(await claim('email')).toEqual([]);
      });

      it('compares with the instant it is given, whatever the time: not due before it reaches the next attempt', async () => {
        const { event } = await place(repository);
        const base = world.now().getTime();
        const at = (ms: number): Date => new Date(base + ms);

        // An hour ago and an hour ahead, by whatever clock the outbox might keep: only the given instant decides.
        await claim('email', retryAt(at(-HOUR)));
        expect(await claim('email', delivered, 100, at(-2 * HOUR))).toEqual([]);
        expect(await claim('email', delivered, 100, at(-HOUR - 1))).toEqual([]);
        expect(await claim('email', retryAt(at(HOUR)), 100, at(-HOUR))).toEqual([{ event, attempts: 1 }]);

        expect(await claim('email', delivered, 100, at(HOUR - 1))).toEqual([]);
        expect(await claim('email', delivered, 100, at(HOUR))).toEqual([{ event, attempts: 2 }]);
        expect(await claim('email', delivered, 100, at(2 * HOUR))).toEqual([]);
      });

      it('claims a retry whose next attempt is already past straight away', async () => {
        const { event } = await place(repository);

        await claim('email', retryAt(inFuture(-HOUR)));
        expect(await claim('email', retryAt(inFuture(-MINUTE)))).toEqual([{ event, attempts: 1 }]);
        expect(await claim('email')).toEqual([{ event, attempts: 2 }]);
      });

      it('records an error of the longest allowed length, even with a NUL or characters beyond ASCII', async () => {
        const { event } = await place(repository);
        const error = `a\u0000é😀${'x'.repeat(MAX_DELIVERY_ERROR_LENGTH - 5)}`;
        expect(error).toHaveLength(MAX_DELIVERY_ERROR_LENGTH);

        await claim('email', retryAt(inFuture(-MINUTE), error));
        expect(await claim('email', dead(error))).toEqual([{ event, attempts: 1 }]);
        expect(sortedBacklog(await outbox.backlog())).toContainEqual({ notifier: 'email', pending: 0, dead: 1 });
      });

      it('leaves every claimed delivery untouched when deciding fails, and rejects', async () => {
        const a = await history(repository, 2);
        const b = await history(repository, 1);
        await claim('email', retryAt(inFuture(-MINUTE)));
        const before = sortedBacklog(await outbox.backlog());

        const failure = new Error('the notifier blew up');
        await expect(
          outbox.claimDue('email', 10, world.now(), async () => {
            throw failure;
          }),
        ).rejects.toThrow('the notifier blew up');

        expect(sortedBacklog(await outbox.backlog())).toEqual(before);
        const again = await claim('email');
        expect(again).toHaveLength(2);
        expect(again.find((pending) => pending.event.eventId === a[0]!.eventId)?.attempts).toBe(1);
        expect(again.find((pending) => pending.event.eventId === b[0]!.eventId)?.attempts).toBe(1);
        expect(ids(await claim('email'))).toEqual([a[1]!.eventId]);
      });

      it('leaves a claimed delivery pending, attempts unchanged, when no decision is returned for it', async () => {
        const { event } = await place(repository);
        const other = await place(repository);

        await claim('email', (pending) => (pending.event.eventId === event.eventId ? undefined : delivered(pending)));

        expect(await claim('email')).toEqual([{ event, attempts: 0 }]);
        expect(ids(await claim('kafka'))).toEqual(ids([event, other.event]));
      });
    });

    describe('dead letters', () => {
      it('parks a dead delivery: never claimed, counted as dead, and the order’s later versions go on', async () => {
        const [v1, v2, v3] = await history(repository, 3);

        expect(ids(await claim('email', dead()))).toEqual([v1!.eventId]);
        expect(sortedBacklog(await outbox.backlog())).toEqual([
          { notifier: 'email', pending: 2, dead: 1 },
          { notifier: 'kafka', pending: 3, dead: 0 },
        ]);

        expect(ids(await claim('email'))).toEqual([v2!.eventId]);
        expect(ids(await claim('email'))).toEqual([v3!.eventId]);
        await world.elapse(24 * HOUR);
        expect(await claim('email')).toEqual([]);
        expect(sortedBacklog(await outbox.backlog())).toEqual([
          { notifier: 'email', pending: 0, dead: 1 },
          { notifier: 'kafka', pending: 3, dead: 0 },
        ]);
        // The other notifier still gets the parked event first.
        expect(await claim('kafka')).toEqual([{ event: v1, attempts: 0 }]);
      });

      it('re-queues the dead deliveries of one notifier only, due at once', async () => {
        const { event } = await place(repository);
        await claim('email', dead());
        await claim('kafka', dead());

        expect(await outbox.requeueDead('email')).toBe(1);
        expect(sortedBacklog(await outbox.backlog())).toEqual([
          { notifier: 'email', pending: 1, dead: 0 },
          { notifier: 'kafka', pending: 0, dead: 1 },
        ]);
        expect(await claim('kafka')).toEqual([]);
        expect(await claim('email')).toEqual([{ event, attempts: 1 }]);
        expect(await outbox.requeueDead('email')).toBe(0);
        expect(sortedBacklog(await outbox.backlog())).toEqual([{ notifier: 'kafka', pending: 0, dead: 1 }]);
      });

      it('re-queues the dead deliveries of every notifier when none is named', async () => {
        const a = await place(repository);
        const b = await place(repository);
        await claim('email', dead());
        await claim('kafka', (pending) =>
          pending.event.eventId === a.event.eventId ? dead()(pending) : delivered(pending),
        );

        expect(await outbox.requeueDead()).toBe(3);
        expect(await outbox.requeueDead()).toBe(0);
        expect(sortedBacklog(await outbox.backlog())).toEqual([
          { notifier: 'email', pending: 2, dead: 0 },
          { notifier: 'kafka', pending: 1, dead: 0 },
        ]);
        expect(ids(await claim('email'))).toEqual(ids([a.event, b.event]));
        expect(await claim('kafka')).toEqual([{ event: a.event, attempts: 1 }]);
        expect(await outbox.backlog()).toEqual([]);
      });

      it("sends a re-queued event before its order's later versions that are still pending", async () => {
        const [v1, v2, v3] = await history(repository, 3);
        await claim('email', dead());
        expect(ids(await claim('email'))).toEqual([v2!.eventId]);

        expect(await outbox.requeueDead('email')).toBe(1);
        expect(await claim('email')).toEqual([{ event: v1, attempts: 1 }]);
        expect(await claim('email')).toEqual([{ event: v3, attempts: 0 }]);
        expect(await claim('email')).toEqual([]);
      });

      it('re-queues nothing for a notifier that has no dead delivery', async () => {
        await place(repository);
        await claim('email', dead());
        expect(await outbox.requeueDead('kafka')).toBe(0);
        expect(await outbox.requeueDead('sms')).toBe(0);
        expect(sortedBacklog(await outbox.backlog())).toContainEqual({ notifier: 'email', pending: 0, dead: 1 });
      });
    });

    describe('backlog', () => {
      it('is empty for an empty outbox', async () => {
        expect(await outbox.backlog()).toEqual([]);
      });

      it('counts pending (due or waiting) and dead deliveries per notifier, and omits notifiers with none', async () => {
        const a = await history(repository, 2);
        const b = await history(repository, 1);
        const c = await history(repository, 1);
        expect(sortedBacklog(await outbox.backlog())).toEqual([
          { notifier: 'email', pending: 4, dead: 0 },
          { notifier: 'kafka', pending: 4, dead: 0 },
        ]);

        for (let run = 0; run < 3; run++) await claim('email');
        await claim('kafka', (pending) => {
          if (pending.event.eventId === a[0]!.eventId) return retryAt(inFuture(HOUR))(pending);
          if (pending.event.eventId === b[0]!.eventId) return dead()(pending);
          return delivered(pending);
        });

        expect(c).toHaveLength(1);
        expect(sortedBacklog(await outbox.backlog())).toEqual([{ notifier: 'kafka', pending: 2, dead: 1 }]);
      });
    });

    describe('what is in it', () => {
      it('holds nothing of a save refused as stale', async () => {
        const placed = await place(repository);
        const confirmed = await advance(repository, placed.order, 'confirmed');

        const late: OrderSnapshot = { ...placed.order, status: 'cancelled', cancellationReason: 'late', version: 2 };
        expect(await repository.save({ order: late, expectedVersion: 1, events: [eventOf(late)] })).toBe('stale');
        const twin: OrderSnapshot = { ...placed.order, customerId: 'someone-else' };
        expect(await repository.save({ order: twin, expectedVersion: 0, events: [eventOf(twin)] })).toBe('stale');

        expect(sortedBacklog(await outbox.backlog())).toEqual([
          { notifier: 'email', pending: 2, dead: 0 },
          { notifier: 'kafka', pending: 2, dead: 0 },
        ]);
        const seen = [...(await claim('email')), ...(await claim('email')), ...(await claim('email'))];
        expect(seen.map((pending) => pending.event)).toEqual([placed.event, confirmed.event]);
      });

      it('holds nothing of a save without events', async () => {
        const at = new Date(T0);
        const order: OrderSnapshot = {
          id: nextUuid('10000000'),
          tenantId: TENANT,
          customerId: 'c-1',
          customerEmail: 'ada@example.com',
          items: [{ sku: 'A', quantity: 1, unitPrice: 100 }],
          currency: 'USD',
          total: 100,
          status: 'pending',
          cancellationReason: null,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        expect(await repository.save({ order, expectedVersion: 0, events: [] })).toBe('saved');
        expect(await outbox.backlog()).toEqual([]);
        expect(await claim('email')).toEqual([]);
      });

      it('delivers the full order snapshot as saved, with Date fields, event id and type', async () => {
        const placed = await place(repository, {
          customerId: 'ünïcødé-😀',
          currency: 'JPY',
          createdAt: new Date('2026-03-04T05:06:07.089Z'),
          updatedAt: new Date('2026-03-04T05:06:07.089Z'),
        });
        const cancelled = await advance(repository, placed.order, 'cancelled', 'changed my mind — “really”');

        const first = await claim('kafka');
        const second = await claim('kafka');
        for (const [pending, saved] of [
          [first[0], placed.event],
          [second[0], cancelled.event],
        ] as const) {
          expect(pending?.event).toEqual(saved);
          expect(pending?.event.eventId).toBe(saved.eventId);
          expect(pending?.event.type).toBe(saved.type);
          expect(pending?.event.occurredAt).toBeInstanceOf(Date);
          expect(pending?.event.occurredAt.getTime()).toBe(saved.occurredAt.getTime());
          expect(pending?.event.order.createdAt).toBeInstanceOf(Date);
          expect(pending?.event.order.createdAt.toISOString()).toBe('2026-03-04T05:06:07.089Z');
          expect(pending?.event.order.updatedAt).toBeInstanceOf(Date);
          expect(pending?.event.order.updatedAt.getTime()).toBe(saved.order.updatedAt.getTime());
        }
        expect(second[0]?.event.type).toBe('OrderCancelled');
        expect(second[0]?.event.order.cancellationReason).toBe('changed my mind — “really”');
        expect(second[0]?.event.order.version).toBe(2);
      });

      it("delivers every tenant's events, each with its tenant, to every notifier", async () => {
        const a = await place(repository);
        const b = await place(repository, { tenantId: 'tenant-b' });
        const bConfirmed = await advance(repository, b.order, 'confirmed');
        expect(sortedBacklog(await outbox.backlog())).toEqual([
          { notifier: 'email', pending: 3, dead: 0 },
          { notifier: 'kafka', pending: 3, dead: 0 },
        ]);

        const first = await claim('email');
        expect(ids(first)).toEqual(ids([a.event, b.event]));
        expect(first.map((pending) => pending.event.order.tenantId).sort()).toEqual(['tenant-a', 'tenant-b']);
        expect(await claim('email')).toEqual([{ event: bConfirmed.event, attempts: 0 }]);
        await claim('kafka', dead());
        expect(await outbox.requeueDead()).toBe(2);
        expect(ids(await claim('kafka'))).toEqual(ids([a.event, b.event]));
        expect(ids(await claim('kafka'))).toEqual([bConfirmed.event.eventId]);
        expect(await outbox.backlog()).toEqual([]);
      });

      it('hands out copies: changing a claimed event changes nothing it keeps', async () => {
        const { event } = await place(repository);

        await claim('email', (pending) => {
          pending.event.occurredAt.setTime(0);
          pending.event.order.createdAt.setTime(0);
          (pending.event.order.items[0] as { quantity: number }).quantity = 9999;
          return undefined;
        });

        expect(await claim('email')).toEqual([{ event, attempts: 0 }]);
      });
    });
  });
}
