import type { OrderEvent } from '../../domain/model/order-events.js';
import { portKey } from '../port-key.js';

/** Takes the events of a committed change on towards the notifiers. */
export interface OrderEventPublisher {
  /** Hands over committed events; never rejects, since the change already stands whatever delivery does. */
  publish(events: readonly OrderEvent[]): Promise<void>;
}

export const ORDER_EVENT_PUBLISHER = portKey<OrderEventPublisher>('OrderEventPublisher');
