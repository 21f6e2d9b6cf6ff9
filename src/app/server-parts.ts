import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import type { BearerAuthentication } from '../adapters/http/bearer-authentication.js';
import { BEARER_AUTHENTICATION } from '../adapters/http/http-module.js';
import { HTTP_PLUGIN, type HttpPlugin } from '../adapters/http/http-plugin.js';
import { SERVICE_METRICS } from '../adapters/observability/observability-module.js';
import type { ServiceMetrics } from '../adapters/observability/service-metrics.js';
import { ForgetExpiredIdempotencyKeys } from '../domain/use-cases/forget-expired-idempotency-keys/forget-expired-idempotency-keys.js';
import type { ForgetExpiredIdempotencyKeysUseCase } from '../ports/inbound/forget-expired-idempotency-keys-use-case.js';
import { CLOCK, type Clock } from '../ports/outbound/clock.js';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '../ports/outbound/idempotency-store.js';
import { LIFECYCLE_HOOK, type LifecycleHook } from '../ports/outbound/lifecycle-hook.js';
import { portKey } from '../ports/port-key.js';
import { EVENT_PATH, type EventPath } from './event-delivery.js';
import { LOGGER, SERVICE_CONFIG } from './root-keys.js';
import type { ServiceConfig } from './service-config.js';

/**
 * Everything the server runs. Resolving it resolves every binding it depends on, adapters and use cases included,
 * so a missing one fails the start (naming its key) instead of the first request that needs it.
 */
export interface ServerParts {
  readonly logger: Logger;
  readonly settings: ServiceConfig;
  readonly metrics: ServiceMetrics;
  readonly authentication: BearerAuthentication;
  /** In the order their modules were loaded, which none of them relies on (see http-platform.ts). */
  readonly plugins: readonly HttpPlugin[];
  readonly lifecycle: readonly LifecycleHook[];
  readonly forgetExpiredKeys: ForgetExpiredIdempotencyKeysUseCase;
  readonly events: EventPath;
}

export const SERVER_PARTS = portKey<ServerParts>('ServerParts');

export function serverPartsModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SERVER_PARTS).toResolvedValue(
      (
        logger: Logger,
        settings: ServiceConfig,
        metrics: ServiceMetrics,
        authentication: BearerAuthentication,
        plugins: HttpPlugin[],
        lifecycle: LifecycleHook[],
        idempotency: IdempotencyStore,
        clock: Clock,
        events: EventPath,
      ) => ({
        logger,
        settings,
        metrics,
        authentication,
        plugins,
        lifecycle,
        forgetExpiredKeys: new ForgetExpiredIdempotencyKeys(idempotency, clock),
        events,
      }),
      [
        LOGGER,
        SERVICE_CONFIG,
        SERVICE_METRICS,
        BEARER_AUTHENTICATION,
        { serviceIdentifier: HTTP_PLUGIN, isMultiple: true },
        { serviceIdentifier: LIFECYCLE_HOOK, isMultiple: true },
        IDEMPOTENCY_STORE,
        CLOCK,
        EVENT_PATH,
      ],
    );
  });
}
