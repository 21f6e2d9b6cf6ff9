import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { healthRoutes } from './health-routes.js';
import { OrderSchema, ProblemSchema } from './order-schemas.js';
import { orderRoutes, sendProblem } from './order-routes.js';
import { problem, problemFromFramework } from './problem-details.js';
import { rateLimiting } from './rate-limiting.js';
import { validatorCompiler } from './request-validation.js';
import { securityHeaders } from './security-headers.js';

export interface RestApiOptions {
  readonly useCases: OrderUseCases;
  readonly version: string;
  /** Requests per minute per client address; 0 turns limiting off. */
  readonly rateLimitMax: number;
}

const DOCS_PREFIX = '/docs';

/**
 * The REST input adapter of SPEC §4. Registered without encapsulation, before the GraphQL adapter: its error and
 * not-found handlers, JSON parsing, X-Request-Id echo, security headers and rate limit apply to the whole server,
 * so every error anywhere is problem+json and every route, /graphql included, is covered.
 */
export const restApi = fp<RestApiOptions>(
  async (app: FastifyInstance, { useCases, version, rateLimitMax }) => {
    app.setValidatorCompiler(validatorCompiler);

    // The default parser refuses an empty body sent as JSON; a bodiless POST /confirm is a fair request.
    const parseJson = app.getDefaultJsonParser('error', 'error');
    // JSON is the only body this API reads; anything else, text/plain included, is 415.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (body === '') {
        done(null, undefined);
        return;
      }
      void parseJson(request, body as string, done);
    });

    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
    // After the X-Request-Id hook and before any route, so that a 429 carries both and every route is covered.
    await app.register(securityHeaders, { docsPrefix: DOCS_PREFIX });
    await app.register(rateLimiting, { max: rateLimitMax });

    app.setErrorHandler((error: FastifyError, request, reply) => {
      const answer = problemFromFramework(error);
      if (answer.code === 'SERVICE_UNAVAILABLE') {
        request.log.warn({ err: error }, 'dependency unavailable');
        void reply.header('retry-after', '5');
      } else if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: answer.code, detail: answer.detail }, 'request refused');
      return sendProblem(reply, answer);
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, problem('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)),
    );

    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'hexagonal-orders',
          description: 'Place, read, list, confirm, ship, deliver and cancel orders.',
          version,
          license: { name: 'MIT', identifier: 'MIT' },
        },
        servers: [{ url: '/' }],
        tags: [
          { name: 'orders', description: 'The order resource: placement, reads, lists and the lifecycle changes' },
          { name: 'health', description: 'Liveness and readiness probes' },
        ],
      },
      // GraphQL's and GraphiQL's routes carry no tag: they are documented by schema.graphql, not here.
      hideUntagged: true,
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, index) =>
          typeof json.$id === 'string' ? json.$id : `def-${index}`,
      },
    });
    await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });

    app.addSchema(OrderSchema);
    app.addSchema(ProblemSchema);
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    await app.register(orderRoutes, { useCases });
    await app.register(healthRoutes, { useCases });
  },
  { name: 'rest-api' },
);
