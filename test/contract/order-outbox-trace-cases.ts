import { trace } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import type { OrderOutbox, PendingDelivery } from '../../src/ports/outbound/order-outbox.js';
import type { OrderRepository } from '../../src/ports/outbound/order-repository.js';
import { resetTracing } from '../support/tracing.js';
import { advanced, anOrder, eventOf } from './order-repository-fixtures.js';

/**
 * The OrderOutbox contract's cases about trace context (SPEC §10): each event is handed out with the W3C
 * `traceparent` that was active when its change was saved, so that its delivery can name the request behind it.
 * `current` is the repository and outbox the contract made fresh for the case.
 */
export function traceContextCases(
  current: () => { repository: OrderRepository; outbox: OrderOutbox; now(): Date },
): void {
  describe('trace context', () => {
    let repository: OrderRepository;
    let outbox: OrderOutbox;
    let now: () => Date;
    const tracer = trace.getTracer('order-outbox-contract');

    beforeAll(() => {
      // A tracer provider, an async context manager and the W3C propagator, process-wide as the SDK would set them.
      new node.NodeTracerProvider().register();
    });

    afterAll(() => {
      resetTracing();
    });

    beforeEach(() => {
      const subject = current();
      ({ repository, outbox } = subject);
      now = () => subject.now();
    });

    /** Saves `event` of a new order, or of the next version, inside a span; resolves with that span's traceparent. */
    function saveInSpan(event: OrderEvent, expectedVersion: number): Promise<string> {
      return tracer.startActiveSpan('request', async (span) => {
        expect(await repository.save({ order: event.order, expectedVersion, events: [event] })).toBe('saved');
        span.end();
        const { traceId, spanId } = span.spanContext();
        return `00-${traceId}-${spanId}-01`;
      });
    }

    async function claimFor(notifier: string): Promise<PendingDelivery[]> {
      const claimed: PendingDelivery[] = [];
      await outbox.claimDue(notifier, 10, now(), async (due) => {
        claimed.push(...due);
        return due.map(({ event }) => ({ eventId: event.eventId, status: 'delivered' as const }));
      });
      return claimed;
    }

    it('hands each event out, to every notifier, with the trace context active when it was saved', async () => {
      const event = eventOf(anOrder(), 'OrderPlaced');
      const traceParent = await saveInSpan(event, 0);

      expect(await claimFor('email')).toEqual([{ event: { ...event, traceParent }, attempts: 0 }]);
      expect(await claimFor('kafka')).toEqual([{ event: { ...event, traceParent }, attempts: 0 }]);
    });

    it('keeps each change of an order with its own trace context', async () => {
      const placed = eventOf(anOrder(), 'OrderPlaced');
      const placing = await saveInSpan(placed, 0);
      const confirmed = eventOf(
        advanced(placed.order, 'confirmed', new Date(placed.order.updatedAt.getTime() + 1)),
        'OrderConfirmed',
      );
      const confirming = await saveInSpan(confirmed, 1);
      expect(confirming).not.toBe(placing);

      expect((await claimFor('email')).map(({ event }) => event.traceParent)).toEqual([placing]);
      expect((await claimFor('email')).map(({ event }) => event.traceParent)).toEqual([confirming]);
    });

    it('hands out an event saved outside any trace with no trace context at all', async () => {
      const event = eventOf(anOrder(), 'OrderPlaced');
      expect(await repository.save({ order: event.order, expectedVersion: 0, events: [event] })).toBe('saved');

      const [pending] = await claimFor('email');
      expect(pending?.event).toEqual(event);
      expect(pending?.event).not.toHaveProperty('traceParent');
    });
  });
}
