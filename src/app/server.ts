import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { graphqlApi, publishOrderUpdates } from '../adapters/graphql/graphql-api.js';
import { requestIdOf } from '../adapters/rest/request-id.js';
import { restApi } from '../adapters/rest/rest-api.js';
import type { OrderUseCases } from '../ports/inbound/order-use-cases.js';
import type { OrderNotifier } from '../ports/outbound/order-notifier.js';
import { TOKENS, type Storage } from './container.js';
import type { NotifyAfterCommit } from './notify-after-commit.js';

export const BODY_LIMIT = 1024 * 1024;
const VERSION = '0.1.0';

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
  await app.register(restApi, { useCases, version: VERSION });
  await app.register(graphqlApi, { useCases });

  container.get<NotifyAfterCommit>(TOKENS.EventPublisher).onCommitted((events) => publishOrderUpdates(app, events));
  app.addHook('onClose', async () => {
    const notifiers = container.getAll<OrderNotifier>(TOKENS.OrderNotifier);
    await Promise.allSettled(notifiers.map((notifier) => notifier.close()));
    await storage.close();
  });
  return app;
}
