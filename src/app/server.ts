import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import { metricsRoute, requestObservability } from '../adapters/observability/http-observability.js';
import { httpPlatform } from '../adapters/http/http-platform.js';
import { httpServerOptions, type HttpServerTuning } from '../adapters/http/server-options.js';
import { wireEventDelivery } from './event-delivery.js';
import { SERVER_PARTS } from './server-parts.js';

/** How often expired idempotency keys are forgotten. */
const FORGET_EXPIRED_KEYS_INTERVAL_MS = 10 * 60_000;

/**
 * One fastify instance serving every input adapter the container holds, over the adapters it resolves; `tuning`
 * changes the server's own timings (tests shorten them).
 */
export async function buildServer(container: Container, tuning: HttpServerTuning = {}): Promise<FastifyInstance> {
  // Before anything else: a binding that is missing fails here, not on the first request that needs it.
  const { logger, settings, metrics, authentication, plugins, lifecycle, forgetExpiredKeys, events } =
    container.get(SERVER_PARTS);
  const app = Fastify({
    ...httpServerOptions(tuning),
    loggerInstance: logger as FastifyBaseLogger,
    // requestObservability logs one line per request, with its method, route, status and duration.
    logController: new LogController({ disableRequestLogging: true }),
  });
  // Before the input adapters subscribe to committed changes: the delivery loops wake first, as they return at once.
  const delivery = wireEventDelivery(events, metrics, settings.deliversEvents, logger);
  for (const hook of lifecycle) await hook.open();
  // First, so that their hooks reach every route registered after them; the input adapters then in any order.
  await app.register(requestObservability, { metrics });
  await app.register(httpPlatform, { rateLimitMax: settings.rateLimitMax, authentication, tracing: settings.tracing });
  for (const plugin of plugins) await plugin(app);
  await app.register(metricsRoute, { metrics });

  const purge = setInterval(() => {
    forgetExpiredKeys
      .execute()
      .catch((error: unknown) => logger.warn({ err: error }, 'forgetting expired idempotency keys failed'));
  }, FORGET_EXPIRED_KEYS_INTERVAL_MS);
  purge.unref();
  app.addHook('onReady', async () => delivery.start());
  // Fastify runs this once the listener is closed and requests in flight have finished.
  app.addHook('onClose', async () => {
    clearInterval(purge);
    await delivery.stop();
    for (const hook of [...lifecycle].reverse()) await hook.close();
  });
  return app;
}
