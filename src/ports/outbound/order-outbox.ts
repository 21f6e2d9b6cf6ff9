import { portKey } from '../port-key.js';
import type { OutboxEvent } from './outbox-event.js';

/** The longest error text an outbox keeps for a delivery; a longer reason is cut before it is recorded. */
export const MAX_DELIVERY_ERROR_LENGTH = 500;

/** An event still owed to one notifier (with the trace context it was saved in), and the attempts made so far. */
export interface PendingDelivery {
  readonly event: OutboxEvent;
  readonly attempts: number;
}

/** What was decided for one claimed delivery; `error` is at most MAX_DELIVERY_ERROR_LENGTH characters. */
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
 * The events committed with each change, and their delivery state per notifier. Written by OrderRepository.save in
 * the change's own step; read and updated here, by the delivery of each notifier.
 */
export interface OrderOutbox {
  /**
   * Claims up to `limit` deliveries for `notifier` due at `now` (next attempt at or before it) — of each order only
   * its oldest pending event — so that no one else can take them, runs `decide`, and records the decisions it returns
   * (a claim without one stays as it was). If `decide` rejects, nothing is recorded and the claims are released.
   * Resolves with the number claimed.
   */
  claimDue(
    notifier: string,
    limit: number,
    now: Date,
    decide: (due: readonly PendingDelivery[]) => Promise<readonly DeliveryRecord[]>,
  ): Promise<number>;
  /** Makes dead deliveries (of one notifier, or all) pending and due at any instant; resolves with how many. */
  requeueDead(notifier?: string): Promise<number>;
  /** Pending and dead deliveries of each notifier that has any. */
  backlog(): Promise<readonly OutboxBacklog[]>;
}

export const ORDER_OUTBOX = portKey<OrderOutbox>('OrderOutbox');
