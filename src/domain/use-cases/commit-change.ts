import type { Order } from '../model/order.js';
import type { OrderEvent } from '../model/order-events.js';
import type { MessageId } from '../model/values/message-id.js';
import type { IdGenerator } from '../../ports/outbound/id-generator.js';
import type { OrderRepository, SaveOutcome } from '../../ports/outbound/order-repository.js';

/**
 * Saves an order with its recorded events, each given its id, and the message it applies if any; the one write path
 * of every use case.
 */
export async function commitChange(
  orders: OrderRepository,
  ids: IdGenerator,
  order: Order,
  expectedVersion: number,
  messageId?: MessageId,
): Promise<{ readonly outcome: SaveOutcome; readonly events: readonly OrderEvent[] }> {
  const events = order.recordedEvents.map((event) => ({ ...event, eventId: ids.next() }));
  const snapshot = order.toSnapshot();
  const outcome = await orders.save(
    messageId === undefined
      ? { order: snapshot, expectedVersion, events }
      : { order: snapshot, expectedVersion, events, messageId },
  );
  return { outcome, events };
}
