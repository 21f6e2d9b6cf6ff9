import type { OrderEvent } from '../../domain/model/order-events.js';
import { portKey } from '../port-key.js';

/** Hears the events of one committed change. */
export type OrderUpdatesListener = (events: readonly OrderEvent[]) => void | Promise<void>;

/** The changes the core commits, as an input adapter that keeps a live view sees them (GraphQL subscriptions). */
export interface OrderUpdates {
  /** Calls `listener` with the events of every change committed from now on, in commit order. */
  listen(listener: OrderUpdatesListener): void;
}

export const ORDER_UPDATES = portKey<OrderUpdates>('OrderUpdates');
