import type { Order } from '../model/order.js';
import type { OrderEvent } from '../model/order-events.js';
import type { IdGenerator } from '../../ports/outbound/id-generator.js';
import type { OrderRepository, SaveOutcome } from '../../ports/outbound/order-repository.js';

/** Saves an order with its recorded events, each given its id; the one write path of every use case. */
export async function commitChange(
  orders: OrderRepository,
  ids: IdGenerator,
  order: Order,
  expectedVersion: number,
): Promise<{ readonly outcome: SaveOutcome; readonly events: readonly OrderEvent[] }> {
  const events = order.recordedEvents.map((event) => ({ ...event, eventId: ids.next() }));
  const outcome = await orders.save({ order: order.toSnapshot(), expectedVersion, events });
  return { outcome, events };
}
