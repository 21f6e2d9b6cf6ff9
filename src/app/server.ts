import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { graphqlApi, publishOrderUpdates } from '../adapters/graphql/graphql-api.js';
import { requestIdOf } from '../adapters/rest/request-id.js';
import { restApi } from '../adapters/rest/rest-api.js';
import type { OrderUseCases } from '../ports/inbound/order-use-cases.js';
import type { RelayOrderEventsUseCase } from '../ports/inbound/relay-order-events-use-case.js';
import type { OrderNotifier } from '../ports/outbound/order-notifier.js';
import type { AppConfig } from './config.js';
import { TOKENS, type Storage } from './container.js';
import { RelayLoop } from './relay-loop.js';
import type { WakeRelaysAfterCommit } from './wake-relays-after-commit.js';

export const BODY_LIMIT = 1024 * 1024;
const VERSION = '0.1.0';
/** How often each relay looks for deliveries whose retry has come due; commits wake it at once. */
const RELAY_INTERVAL_MS = 500;

/** One fastify instance serving REST and GraphQL over the use cases the container resolves. */
export async function buildServer(container: Container): Promise<FastifyInstance> {
  const logger = container.get<Logger>(TOKENS.Logger);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: requestIdOf,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const storage = container.get<Storage>(TOKENS.Storage);
  await storage.open();
  const useCases = container.get<OrderUseCases>(TOKENS.UseCases);
  const config = container.get<AppConfig>(TOKENS.Config);
  await app.register(restApi, { useCases, version: VERSION, rateLimitMax: config.rateLimitMax });
  await app.register(graphqlApi, { useCases });

  const publisher = container.get<WakeRelaysAfterCommit>(TOKENS.EventPublisher);
  publisher.onCommitted((events) => publishOrderUpdates(app, events));
  const loops = container
    .get<RelayOrderEventsUseCase[]>(TOKENS.Relays)
    .map((relay) => new RelayLoop(relay, logger.child({ notifier: relay.notifier }), RELAY_INTERVAL_MS));
  for (const loop of loops) publisher.addRelay(loop);
  app.addHook('onReady', async () => {
    for (const loop of loops) loop.start();
  });
  // Fastify runs this once the listener is closed and requests in flight have finished.
  app.addHook('onClose', async () => {
    await Promise.allSettled(loops.map((loop) => loop.stop()));
    const notifiers = container.getAll<OrderNotifier>(TOKENS.OrderNotifier);
    await Promise.allSettled(notifiers.map((notifier) => notifier.close()));
    await storage.close();
  });
  return app;
}
