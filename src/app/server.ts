import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { graphqlApi, publishOrderUpdates } from '../adapters/graphql/graphql-api.js';
import { metricsRoute, requestObservability } from '../adapters/observability/http-observability.js';
import type { ServiceMetrics } from '../adapters/observability/service-metrics.js';
import { httpPlatform } from '../adapters/http/http-platform.js';
import { HTTP_SERVER_OPTIONS } from '../adapters/http/server-options.js';
import { restApi } from '../adapters/rest/rest-api.js';
import type { OrderUseCases } from '../ports/inbound/order-use-cases.js';
import type { RelayOrderEventsUseCase } from '../ports/inbound/relay-order-events-use-case.js';
import type { OrderNotifier } from '../ports/outbound/order-notifier.js';
import { IDEMPOTENCY_RETENTION_MS } from '../domain/use-cases/place-order/idempotency-policy.js';
import type { AppConfig } from './config.js';
import { TOKENS, type Storage } from './container.js';
import { RelayLoop } from './relay-loop.js';
import type { WakeRelaysAfterCommit } from './wake-relays-after-commit.js';

/** How often each relay looks for deliveries whose retry has come due; commits wake it at once. */
const RELAY_INTERVAL_MS = 500;
const IDEMPOTENCY_PURGE_INTERVAL_MS = 10 * 60_000;

/** One fastify instance serving REST and GraphQL over the use cases the container resolves. */
export async function buildServer(container: Container): Promise<FastifyInstance> {
  const logger = container.get<Logger>(TOKENS.Logger);
  const app = Fastify({
    ...HTTP_SERVER_OPTIONS,
    loggerInstance: logger as FastifyBaseLogger,
    // requestObservability logs one line per request, with its method, route, status and duration.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const storage = container.get<Storage>(TOKENS.Storage);
  await storage.open();
  const useCases = container.get<OrderUseCases>(TOKENS.UseCases);
  const config = container.get<AppConfig>(TOKENS.Config);
  const metrics = container.get<ServiceMetrics>(TOKENS.Metrics);
  // First, so that their hooks reach every route registered after them; the adapters then in any order.
  await app.register(requestObservability, { metrics });
  await app.register(httpPlatform, { rateLimitMax: config.rateLimitMax });
  await app.register(restApi, { useCases });
  await app.register(graphqlApi, { useCases });
  await app.register(metricsRoute, { metrics });

  const publisher = container.get<WakeRelaysAfterCommit>(TOKENS.EventPublisher);
  publisher.onCommitted((events) => publishOrderUpdates(app, events));
  publisher.onCommitted(async (events) => metrics.countCommitted(events));
  const loops = container
    .get<RelayOrderEventsUseCase[]>(TOKENS.Relays)
    .map((relay) => new RelayLoop(relay, logger.child({ notifier: relay.notifier }), RELAY_INTERVAL_MS));
  if (config.outboxRelay) for (const loop of loops) publisher.addRelay(loop);
  // Keys past their 24 hours are treated as unused anyway; the purge only keeps the store small.
  const purge = setInterval(() => {
    const before = new Date(Date.now() - IDEMPOTENCY_RETENTION_MS);
    storage.idempotency
      .purgeExpired(before)
      .catch((error: unknown) => logger.warn({ err: error }, 'idempotency purge failed'));
  }, IDEMPOTENCY_PURGE_INTERVAL_MS);
  purge.unref();
  app.addHook('onReady', async () => {
    if (!config.outboxRelay) {
      logger.info('OUTBOX_RELAY=false: events stay in the outbox for a relaying instance');
      return;
    }
    for (const loop of loops) loop.start();
  });
  // Fastify runs this once the listener is closed and requests in flight have finished.
  app.addHook('onClose', async () => {
    clearInterval(purge);
    await Promise.allSettled(loops.map((loop) => loop.stop()));
    const notifiers = container.getAll<OrderNotifier>(TOKENS.OrderNotifier);
    await Promise.allSettled(notifiers.map((notifier) => notifier.close()));
    await storage.close();
  });
  return app;
}
