import type { OrderEvent } from '../../domain/model/order-events.js';
import { portKey } from '../port-key.js';

/**
 * Hears about events right after their change committed. They are already in the outbox, so nothing here is
 * needed for delivery to happen: it only makes it happen now (each notifier's delivery loop wakes) and keeps live
 * views current (GraphQL subscriptions, metrics).
 */
export interface CommittedEvents {
  /** Announces the events of a committed change; never rejects, since the change already stands. */
  announce(events: readonly OrderEvent[]): Promise<void>;
}

export const COMMITTED_EVENTS = portKey<CommittedEvents>('CommittedEvents');

/**
 * The committed events' way to other processes (PostgreSQL: a NOTIFY every instance hears), told of each commit after
 * this process's broadcast; bound only by a repository adapter that has one.
 */
export const COMMITTED_EVENTS_ELSEWHERE = portKey<CommittedEvents>('CommittedEventsElsewhere');
