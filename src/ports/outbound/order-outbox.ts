import type { OrderEvent } from '../../domain/model/order-events.js';
import { portKey } from '../port-key.js';

/** An event still owed to one notifier, with the number of attempts made so far. */
export interface PendingDelivery {
  readonly event: OrderEvent;
  readonly attempts: number;
}

/** What a relay decided for one delivery it claimed. */
export type DeliveryRecord =
  | { readonly eventId: string; readonly status: 'delivered' }
  | { readonly eventId: string; readonly status: 'retry'; readonly nextAttemptAt: Date; readonly error: string }
  | { readonly eventId: string; readonly status: 'dead'; readonly error: string };

export interface OutboxBacklog {
  readonly notifier: string;
  /** Deliveries still to be made, due or waiting for their next attempt. */
  readonly pending: number;
  /** Deliveries parked after a permanent failure, until an operator re-queues them. */
  readonly dead: number;
}

/**
 * The events committed with each change, and their delivery state per notifier.
 * Written by the repository in the change's own step; read and updated by the relay.
 */
export interface OrderOutbox {
  /**
   * Claims up to `limit` due deliveries for `notifier` — of each order only its oldest pending event — so that no
   * other relay can take them, runs `deliver`, and records the decisions it returns. Resolves with the number claimed.
   */
  relay(
    notifier: string,
    limit: number,
    deliver: (due: readonly PendingDelivery[]) => Promise<readonly DeliveryRecord[]>,
  ): Promise<number>;
  /** Makes dead deliveries (of one notifier, or all) pending and due now; resolves with how many. */
  requeueDead(notifier?: string): Promise<number>;
  /** Pending and dead deliveries of each notifier that has any. */
  backlog(): Promise<readonly OutboxBacklog[]>;
}

export const ORDER_OUTBOX = portKey<OrderOutbox>('OrderOutbox');
