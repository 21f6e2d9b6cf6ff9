import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { docsPage } from './docs-page.js';
import { BEARER_SCHEME } from './openapi-responses.js';
import { healthRoutes } from './health-routes.js';
import { documentOptionalBodies } from './optional-body.js';
import { OrderSchema } from './order-schemas.js';
import { orderRoutes } from './order-routes.js';
import { PACKAGE_VERSION } from './package-version.js';
import { ProblemSchema } from './problem-schema.js';

export interface RestApiOptions {
  readonly useCases: OrderUseCases;
}

/**
 * The REST input adapter of SPEC §4: the order resource, the health probes, the OpenAPI document and Swagger UI.
 * It registers onto the HTTP platform (src/adapters/http), which answers its errors, limits and headers; it is not
 * encapsulated only so that `app.swagger()` stays reachable from the server (scripts/contracts.ts reads it).
 */
export const restApi = fp<RestApiOptions>(
  async (app: FastifyInstance, { useCases }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'hexagonal-orders',
          description: 'Place, read, list, confirm, ship, deliver and cancel orders.',
          version: PACKAGE_VERSION,
          license: { name: 'MIT', identifier: 'MIT' },
        },
        servers: [{ url: '/' }],
        components: {
          securitySchemes: {
            [BEARER_SCHEME]: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description:
                'A JWT with `sub`, `tenant`, `roles` (customer, staff) and `exp`. For local use: `npm run token -- --sub c-1 --tenant demo --role customer`',
            },
          },
        },
        tags: [
          { name: 'orders', description: 'The order resource: placement, reads, lists and the lifecycle changes' },
          { name: 'health', description: 'Liveness and readiness probes' },
        ],
      },
      // Routes of other adapters (GraphQL, /metrics) carry no tag: they are documented elsewhere, not here.
      hideUntagged: true,
      transformObject: documentOptionalBodies,
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, index) =>
          typeof json.$id === 'string' ? json.$id : `def-${index}`,
      },
    });
    await app.register(docsPage, { routePrefix: '/docs' });

    app.addSchema(OrderSchema);
    app.addSchema(ProblemSchema);
    app.get('/openapi.json', { schema: { hide: true }, config: { authentication: false } }, async () => app.swagger());

    await app.register(orderRoutes, { useCases });
    await app.register(healthRoutes, { useCases });
  },
  { name: 'rest-api' },
);
