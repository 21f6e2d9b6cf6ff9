import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CircuitBreakerNotifier } from '../../src/adapters/resilience/circuit-breaker-notifier.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import type { DeliveryOutcome, OrderNotifier } from '../../src/ports/outbound/order-notifier.js';
import { TEST_TENANT } from '../support/tokens.js';

const HALF_OPEN_AFTER_MS = 50;

type PeerState = 'up' | 'down' | 'refusing' | 'rejecting';

/** A notifier whose peer the test switches up, down, or refusing every message for good. */
class SwitchableNotifier implements OrderNotifier {
  readonly name = 'kafka';
  peer: PeerState = 'up';
  calls = 0;
  closed = false;

  async deliver(events: readonly OrderEvent[]): Promise<readonly DeliveryOutcome[]> {
    this.calls++;
    if (this.peer === 'rejecting') throw new Error('socket hang up');
    return events.map((event): DeliveryOutcome => {
      if (this.peer === 'up') return { eventId: event.eventId, delivered: true };
      const permanent = this.peer === 'refusing';
      return { eventId: event.eventId, delivered: false, permanent, reason: permanent ? 'refused' : 'broker down' };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function event(n: number): OrderEvent {
  const at = new Date('2026-01-01T00:00:00.000Z');
  return {
    eventId: `e-${n}`,
    type: 'OrderPlaced',
    occurredAt: at,
    order: {
      id: `o-${n}`,
      tenantId: TEST_TENANT,
      customerId: 'c-1',
      customerEmail: 'ann@example.com',
      items: [{ sku: 'A-1', quantity: 1, unitPrice: 100 }],
      currency: 'USD',
      total: 100,
      status: 'pending',
      cancellationReason: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
  };
}

function setup() {
  const inner = new SwitchableNotifier();
  const breaker = new CircuitBreakerNotifier(inner, { failuresToOpen: 3, halfOpenAfterMs: HALF_OPEN_AFTER_MS });
  return { inner, breaker };
}

describe('CircuitBreakerNotifier', () => {
  it('passes outcomes through while the peer answers', async () => {
    const { inner, breaker } = setup();
    expect(breaker.name).toBe('kafka');
    expect(await breaker.deliver([event(1), event(2)])).toEqual([
      { eventId: 'e-1', delivered: true },
      { eventId: 'e-2', delivered: true },
    ]);
    expect(inner.calls).toBe(1);
    expect(await breaker.check()).toEqual({ status: 'ok' });
  });

  it('opens after three batches in which nothing got through, then answers without calling the peer', async () => {
    const { inner, breaker } = setup();
    inner.peer = 'down';
    for (let batch = 0; batch < 3; batch++) {
      expect(await breaker.deliver([event(1)])).toEqual([
        { eventId: 'e-1', delivered: false, permanent: false, reason: 'broker down' },
      ]);
    }
    expect(await breaker.check()).toEqual({
      status: 'unavailable',
      detail: 'circuit open: deliveries wait in the outbox',
    });

    expect(await breaker.deliver([event(1), event(2)])).toEqual([
      { eventId: 'e-1', delivered: false, permanent: false, reason: 'the kafka circuit is open' },
      { eventId: 'e-2', delivered: false, permanent: false, reason: 'the kafka circuit is open' },
    ]);
    expect(inner.calls).toBe(3);
  });

  it('counts a notifier that rejects as failing, answering outcomes instead, and opens after three such batches', async () => {
    const { inner, breaker } = setup();
    inner.peer = 'rejecting';
    for (let batch = 0; batch < 3; batch++) {
      expect(await breaker.deliver([event(1)])).toEqual([
        {
          eventId: 'e-1',
          delivered: false,
          permanent: false,
          reason: 'the kafka notifier failed: Error: socket hang up',
        },
      ]);
    }
    expect((await breaker.check()).status).toBe('unavailable');
    await breaker.deliver([event(1)]);
    expect(inner.calls).toBe(3);
  });

  it('lets a trial batch through once the circuit has been open long enough, and closes when it succeeds', async () => {
    const { inner, breaker } = setup();
    inner.peer = 'down';
    for (let batch = 0; batch < 3; batch++) await breaker.deliver([event(1)]);
    inner.peer = 'up';
    await sleep(HALF_OPEN_AFTER_MS + 10);

    expect(await breaker.deliver([event(1)])).toEqual([{ eventId: 'e-1', delivered: true }]);
    expect(inner.calls).toBe(4);
    expect(await breaker.check()).toEqual({ status: 'ok' });
  });

  it('opens again at once when the trial batch gets nothing through', async () => {
    const { inner, breaker } = setup();
    inner.peer = 'down';
    for (let batch = 0; batch < 3; batch++) await breaker.deliver([event(1)]);
    await sleep(HALF_OPEN_AFTER_MS + 10);

    expect(await breaker.deliver([event(1)])).toMatchObject([{ delivered: false, reason: 'broker down' }]);
    expect(await breaker.deliver([event(1)])).toMatchObject([{ reason: 'the kafka circuit is open' }]);
    expect(inner.calls).toBe(4);
  });

  it('never counts permanent refusals, partial successes or empty batches against the peer', async () => {
    const { inner, breaker } = setup();
    inner.peer = 'refusing';
    for (let batch = 0; batch < 5; batch++) await breaker.deliver([event(1)]);
    for (let batch = 0; batch < 5; batch++) await breaker.deliver([]);
    inner.peer = 'down';
    for (let batch = 0; batch < 2; batch++) await breaker.deliver([event(1)]);
    inner.peer = 'up';
    await breaker.deliver([event(2)]);
    inner.peer = 'down';
    for (let batch = 0; batch < 2; batch++) await breaker.deliver([event(1)]);

    expect(await breaker.check()).toEqual({ status: 'ok' });
    expect(inner.calls).toBe(15);
  });

  it('closes the notifier it wraps', async () => {
    const { inner, breaker } = setup();
    await breaker.close();
    expect(inner.closed).toBe(true);
  });
});
