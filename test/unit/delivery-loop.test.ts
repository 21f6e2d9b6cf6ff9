import { describe, expect, it, vi } from 'vitest';
import { CommittedEventsBroadcast } from '../../src/adapters/delivery/committed-events-broadcast.js';
import { DeliveryLoop } from '../../src/adapters/delivery/delivery-loop.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import type { DeliverOrderEventsUseCase } from '../../src/ports/inbound/deliver-order-events-use-case.js';
import type { DeliveryRecord } from '../../src/ports/outbound/order-outbox.js';

/** A delivery with `due` events waiting, handed out `batch` at a time. */
class CountingDelivery implements DeliverOrderEventsUseCase {
  readonly notifier = 'email';
  runs = 0;
  failNext: Error | undefined;
  /** Resolved by the test to let the batch in flight finish. */
  gate: Promise<void> = Promise.resolve();

  constructor(
    public due: number,
    private readonly batch = 2,
  ) {}

  async deliverDue(): Promise<readonly DeliveryRecord[]> {
    this.runs++;
    await this.gate;
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const taken = Math.min(this.batch, this.due);
    this.due -= taken;
    return Array.from({ length: taken }, (_, index) => ({ eventId: `e-${this.runs}-${index}`, status: 'delivered' }));
  }
}

const silent = { warn: vi.fn() };

describe('DeliveryLoop', () => {
  it('delivers batch after batch once woken, until nothing is due, and reports each batch', async () => {
    const delivery = new CountingDelivery(5);
    const reported: number[] = [];
    const loop = new DeliveryLoop(delivery, {
      intervalMs: 60_000,
      workers: 1,
      logger: silent,
      onRecorded: (notifier, records) => reported.push(records.length),
    });

    loop.wake();
    await vi.waitFor(() => expect(delivery.due).toBe(0));
    await loop.stop();

    expect(reported).toEqual([2, 2, 1]);
  });

  it('goes round again when woken during a drain, so no commit waits for the timer', async () => {
    const delivery = new CountingDelivery(0);
    let release!: () => void;
    delivery.gate = new Promise((resolve) => (release = resolve));
    const loop = new DeliveryLoop(delivery, { intervalMs: 60_000, workers: 1, logger: silent });

    loop.wake();
    delivery.due = 3;
    loop.wake();
    release();
    await vi.waitFor(() => expect(delivery.due).toBe(0));
    await loop.stop();
  });

  it('logs a failed batch and leaves the rest to the next wake', async () => {
    const delivery = new CountingDelivery(4);
    delivery.failNext = new Error('database down');
    const logger = { warn: vi.fn() };
    const loop = new DeliveryLoop(delivery, { intervalMs: 60_000, workers: 1, logger });

    loop.wake();
    await vi.waitFor(() => expect(logger.warn).toHaveBeenCalledTimes(1));
    expect(delivery.due).toBe(4);
    loop.wake();
    await vi.waitFor(() => expect(delivery.due).toBe(0));
    await loop.stop();
  });

  it('finishes the batch in flight on stop, and wakes no more afterwards', async () => {
    const delivery = new CountingDelivery(1);
    let release!: () => void;
    delivery.gate = new Promise((resolve) => (release = resolve));
    const loop = new DeliveryLoop(delivery, { intervalMs: 60_000, workers: 2, logger: silent });

    loop.wake();
    const stopped = loop.stop();
    release();
    await stopped;
    expect(delivery.due).toBe(0);

    delivery.due = 5;
    loop.wake();
    expect(delivery.due).toBe(5);
  });
});

describe('CommittedEventsBroadcast', () => {
  const events: OrderEvent[] = [];

  it('tells every listener, in the order they were added', async () => {
    const broadcast = new CommittedEventsBroadcast(silent);
    const heard: string[] = [];
    broadcast.listen(() => void heard.push('wake'));
    broadcast.listen(async (announced) => void heard.push(`subscriptions: ${announced.length}`));

    await broadcast.announce(events);

    expect(heard).toEqual(['wake', 'subscriptions: 0']);
  });

  it('logs a failing listener and still tells the others, never rejecting', async () => {
    const logger = { warn: vi.fn() };
    const broadcast = new CommittedEventsBroadcast(logger);
    const after = vi.fn();
    broadcast.listen(() => {
      throw new Error('subscriber bug');
    });
    broadcast.listen(after);

    await expect(broadcast.announce(events)).resolves.toBeUndefined();
    expect(after).toHaveBeenCalledWith(events);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
