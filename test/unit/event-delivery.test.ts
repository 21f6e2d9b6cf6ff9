import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommittedEventsBroadcast } from '../../src/adapters/delivery/committed-events-broadcast.js';
import { ServiceMetrics } from '../../src/adapters/observability/service-metrics.js';
import { wireEventDelivery, type EventDelivery } from '../../src/app/event-delivery.js';
import type { OrderUpdates } from '../../src/ports/inbound/order-updates.js';
import type { DeliveryRecord } from '../../src/ports/outbound/order-outbox.js';
import { anOrder, eventOf } from '../contract/order-repository-fixtures.js';

const logger = pino({ level: 'silent' });

/** Once the drains a wake-up started have run: the delivery below answers at once, so one turn of the loop does. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** A drain asks each of the loop's two workers for a batch. */
const PER_DRAIN = 2;

/** A delivery with nothing due, counting how often a loop asks it for a batch. */
class CountingDelivery {
  readonly notifier = 'kafka';
  runs = 0;

  async deliverDue(): Promise<readonly DeliveryRecord[]> {
    this.runs++;
    return [];
  }
}

describe('the delivery loops, as the composition root wires them', () => {
  let wired: EventDelivery | undefined;

  beforeEach(() => {
    // Only the loops' timer is faked: it never fires, so every batch asked for below was asked by a wake-up.
    vi.useFakeTimers({ toFake: ['setInterval'] });
  });

  afterEach(async () => {
    await wired?.stop();
    wired = undefined;
    vi.useRealTimers();
  });

  function wire(updates: (broadcast: CommittedEventsBroadcast) => OrderUpdates): {
    broadcast: CommittedEventsBroadcast;
    delivery: CountingDelivery;
    start: () => Promise<void>;
  } {
    const broadcast = new CommittedEventsBroadcast(logger);
    const delivery = new CountingDelivery();
    const metrics = new ServiceMetrics({ outbox: { backlog: async () => [] }, notifiers: ['kafka'], logger });
    const path = { broadcast, updates: updates(broadcast), deliveries: [delivery], notifiers: [] };
    wired = wireEventDelivery(path, metrics, true, logger);
    const started = wired;
    return {
      broadcast,
      delivery,
      start: async () => {
        started.start();
        await settled();
        expect(delivery.runs).toBe(PER_DRAIN);
      },
    };
  }

  const event = eventOf(anOrder(), 'OrderPlaced');

  it('wakes the relay for a commit made through another instance, heard from the repository', async () => {
    const elsewhere = new CommittedEventsBroadcast(logger);
    const { delivery, start } = wire(() => elsewhere);
    await start();

    await elsewhere.announce([event]);
    await settled();

    expect(delivery.runs).toBe(2 * PER_DRAIN);
  });

  it('wakes the relay once for a commit made here, where the broadcast is the only source of changes', async () => {
    const { broadcast, delivery, start } = wire((itself) => itself);
    await start();

    await broadcast.announce([event]);
    await settled();

    expect(delivery.runs).toBe(2 * PER_DRAIN);
  });
});
