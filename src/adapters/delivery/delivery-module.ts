import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { COMMITTED_EVENTS } from '../../ports/outbound/committed-events.js';
import { portKey } from '../../ports/port-key.js';
import { CommittedEventsBroadcast } from './committed-events-broadcast.js';

/** The broadcast itself, for the root to add listeners to; the core sees it only as COMMITTED_EVENTS. */
export const COMMITTED_EVENTS_BROADCAST = portKey<CommittedEventsBroadcast>('CommittedEventsBroadcast');

/**
 * What happens after a commit: one broadcast the use cases announce to, which this instance's delivery loops and
 * metrics hear; the root gives it to live views too when the repository does not tell them of every instance's.
 */
export function deliveryModule(logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(COMMITTED_EVENTS_BROADCAST).toResolvedValue(() => new CommittedEventsBroadcast(logger));
    bind(COMMITTED_EVENTS).toService(COMMITTED_EVENTS_BROADCAST);
  });
}
