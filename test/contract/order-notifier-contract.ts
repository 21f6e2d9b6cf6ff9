import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import type { OrderNotifier } from '../../src/ports/outbound/order-notifier.js';

/** A notifier wired to a real peer the test can watch, stop and start. */
export interface NotifierUnderTest {
  readonly notifier: OrderNotifier;
  /** The event ids the peer has received so far (repeats included). */
  received(): Promise<readonly string[]>;
  /** For a peer that carries trace context (SPEC §10): the `traceparent` it received with the event, if any. */
  traceParentOf?(eventId: string): Promise<string | undefined>;
  stopPeer(): Promise<void>;
  startPeer(): Promise<void>;
  teardown(): Promise<void>;
}

let sequence = 0;

function eventFor(order: OrderSnapshot, type: OrderEvent['type']): OrderEvent {
  sequence++;
  return {
    eventId: `20000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    type,
    occurredAt: order.updatedAt,
    order,
  };
}

function anOrder(index: number): OrderSnapshot {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, index));
  return {
    id: `30000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
    tenantId: 'tenant-a',
    customerId: `c-${index}`,
    customerEmail: `customer${index}@example.com`,
    items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
    currency: 'USD',
    total: 2500,
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The one contract of the OrderNotifier port, run against every notifier with a real peer: one outcome per event,
 * in the order given, whatever the peer does.
 */
export function orderNotifierContract(name: string, start: (() => Promise<NotifierUnderTest>) | undefined): void {
  describe.skipIf(!start)(`OrderNotifier contract: ${name}`, () => {
    let subject: NotifierUnderTest;

    beforeAll(async () => {
      subject = await start!();
    }, 300_000);

    afterAll(async () => {
      await subject?.teardown();
    });

    it('delivers a batch of events of different orders and says so for each, in the order given', async () => {
      const events = [0, 1, 2].map((index) => eventFor(anOrder(index), 'OrderPlaced'));
      const outcomes = await subject.notifier.deliver(events);
      expect(outcomes).toEqual(events.map((event) => ({ eventId: event.eventId, delivered: true })));
      await eventually(async () => {
        const received = await subject.received();
        return events.every((event) => received.includes(event.eventId));
      });
      const received = await subject.received();
      for (const event of events) expect(received).toContain(event.eventId);
    });

    it('delivers every kind of event, the cancellation with its reason', async () => {
      const placed = anOrder(10);
      const confirmed = { ...placed, status: 'confirmed' as const, version: 2 };
      const cancelled = {
        ...confirmed,
        status: 'cancelled' as const,
        version: 3,
        cancellationReason: 'changed my mind',
      };
      const events = [
        eventFor(placed, 'OrderPlaced'),
        eventFor(confirmed, 'OrderConfirmed'),
        eventFor({ ...confirmed, status: 'shipped', version: 3 }, 'OrderShipped'),
        eventFor({ ...confirmed, status: 'delivered', version: 4 }, 'OrderDelivered'),
        eventFor(cancelled, 'OrderCancelled'),
      ];
      for (const event of events) {
        expect(await subject.notifier.deliver([event])).toEqual([{ eventId: event.eventId, delivered: true }]);
      }
      await eventually(async () => {
        const received = await subject.received();
        return events.every((event) => received.includes(event.eventId));
      });
    });

    it('delivers an event that carries its trace context like any other, and a peer that can carries it', async () => {
      const traceParent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const [traced, untraced] = [30, 31].map((index) => eventFor(anOrder(index), 'OrderPlaced'));
      const events = [{ ...traced!, traceParent }, untraced!];
      expect(await subject.notifier.deliver(events)).toEqual(
        events.map((event) => ({ eventId: event.eventId, delivered: true })),
      );
      await eventually(async () => {
        const received = await subject.received();
        return events.every((event) => received.includes(event.eventId));
      });
      if (subject.traceParentOf) {
        expect(await subject.traceParentOf(traced!.eventId)).toBe(traceParent);
        expect(await subject.traceParentOf(untraced!.eventId)).toBeUndefined();
      }
    });

    it('reports a peer outage as an outcome per event, worth retrying, never as a rejection', async () => {
      await subject.stopPeer();
      const events = [0, 1].map((index) => eventFor(anOrder(20 + index), 'OrderPlaced'));
      const outcomes = await subject.notifier.deliver(events);
      expect(outcomes.map((outcome) => outcome.eventId)).toEqual(events.map((event) => event.eventId));
      for (const outcome of outcomes) {
        expect(outcome).toMatchObject({ delivered: false, permanent: false });
        if (!outcome.delivered) expect(outcome.reason).not.toBe('');
      }

      await subject.startPeer();
      // The peer may take a moment to serve again after it listens.
      await eventually(async () => {
        const again = await subject.notifier.deliver(events);
        return again.every((outcome) => outcome.delivered);
      }, 60_000);
      // A consumer of a restarted peer may take a while to read again, too.
      await eventually(async () => {
        const received = await subject.received();
        return events.every((event) => received.includes(event.eventId));
      }, 60_000);
    }, 180_000);

    it('closes', async () => {
      await expect(subject.notifier.close()).resolves.toBeUndefined();
    });
  });
}
