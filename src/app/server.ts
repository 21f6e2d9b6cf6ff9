import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { CommittedEventsBroadcast } from '../adapters/delivery/committed-events-broadcast.js';
import { DeliveryLoop } from '../adapters/delivery/delivery-loop.js';
import { graphqlApi, publishOrderUpdates } from '../adapters/graphql/graphql-api.js';
import { DeliveryLog } from '../adapters/observability/delivery-log.js';
import { metricsRoute, requestObservability } from '../adapters/observability/http-observability.js';
import type { ServiceMetrics } from '../adapters/observability/service-metrics.js';
import { answerFrameworkError } from '../adapters/rest/framework-errors.js';
import { requestIdOf } from '../adapters/rest/request-id.js';
import { restApi } from '../adapters/rest/rest-api.js';
import type { OrderUseCases } from '../ports/inbound/order-use-cases.js';
import type { DeliverOrderEventsUseCase } from '../ports/inbound/deliver-order-events-use-case.js';
import type { OrderNotifier } from '../ports/outbound/order-notifier.js';
import { IDEMPOTENCY_RETENTION_MS } from '../domain/idempotency.js';
import type { AppConfig } from './config.js';
import { TOKENS, type Storage } from './container.js';

export const BODY_LIMIT = 1024 * 1024;
const VERSION = '0.1.0';
/** How often each delivery loop looks for retries that have come due; commits wake it at once. */
const DELIVERY_INTERVAL_MS = 500;
const IDEMPOTENCY_PURGE_INTERVAL_MS = 10 * 60_000;

/** One fastify instance serving REST and GraphQL over the use cases the container resolves. */
export async function buildServer(container: Container): Promise<FastifyInstance> {
  const logger = container.get<Logger>(TOKENS.Logger);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: requestIdOf,
    frameworkErrors: answerFrameworkError,
    // requestObservability logs one line per request, with its method, route, status and duration.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // Requests already on an open connection are served during the drain; fastify's own 503 is not problem+json.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const storage = container.get<Storage>(TOKENS.Storage);
  await storage.open();
  const useCases = container.get<OrderUseCases>(TOKENS.UseCases);
  const config = container.get<AppConfig>(TOKENS.Config);
  const metrics = container.get<ServiceMetrics>(TOKENS.Metrics);
  // First, so that its hooks reach every route registered after it.
  await app.register(requestObservability, { metrics });
  await app.register(restApi, { useCases, version: VERSION, rateLimitMax: config.rateLimitMax });
  await app.register(graphqlApi, { useCases });
  await app.register(metricsRoute, { metrics });

  const deliveryLog = new DeliveryLog(logger.child({ component: 'delivery' }));
  const loops = container.get<DeliverOrderEventsUseCase[]>(TOKENS.Deliveries).map(
    (delivery) =>
      new DeliveryLoop(delivery, {
        intervalMs: DELIVERY_INTERVAL_MS,
        logger: logger.child({ notifier: delivery.notifier }),
        onRecorded: (notifier, records) => {
          deliveryLog.recorded(notifier, records);
          metrics.recorded(notifier, records);
        },
      }),
  );
  const committed = container.get(CommittedEventsBroadcast);
  // Wakes first: they return at once, and delivery should not wait for the subscribers.
  if (config.outboxRelay) for (const loop of loops) committed.listen(() => loop.wake());
  committed.listen((events) => publishOrderUpdates(app, events));
  committed.listen((events) => metrics.countCommitted(events));
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
