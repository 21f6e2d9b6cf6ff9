import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { PROBLEM_EXAMPLES, problemResponse, PUBLIC } from './order-routes.js';
import { HealthSchema } from './order-schemas.js';

export interface HealthRoutesOptions {
  readonly useCases: Pick<OrderUseCases, 'checkReadiness'>;
}

/** A health answer, documented with its examples (`x-examples` becomes the media type's named `examples`). */
const health = (description: string, examples: Record<string, { summary: string; value: unknown }>) =>
  Type.Object(HealthSchema.properties, { description, 'x-examples': examples });

// The probes are exempt from the rate limit (rate-limiting.ts) and read no body, so their only problem is INTERNAL.
const internal = problemResponse('INTERNAL: an unexpected failure; X-Request-Id identifies it in the logs', [
  PROBLEM_EXAMPLES.internal,
]);

/** Liveness says the process answers; readiness asks each configured dependency. */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { useCases }) => {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'live',
        summary: 'Is the process up?',
        description: 'Always 200 while the process answers; never throttled.',
        tags: ['health'],
        security: PUBLIC,
        response: {
          200: health('The process is up', { up: { summary: 'Up', value: { status: 'ok' } } }),
          500: internal,
        },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'ready',
        summary: 'Can the service serve requests now?',
        description:
          'Checks each configured dependency. A notifier that is down is reported but does not make the service ' +
          'unready: its events wait in the outbox. Never cached, never throttled.',
        tags: ['health'],
        security: PUBLIC,
        response: {
          200: health('Ready: every required dependency answers', {
            ready: {
              summary: 'Ready, on PostgreSQL, with the Kafka notifier down',
              value: {
                status: 'ok',
                checks: {
                  database: { status: 'ok', detail: 'postgres' },
                  kafka: { status: 'unavailable', detail: 'circuit open: deliveries wait in the outbox' },
                },
              },
            },
          }),
          503: health('Not ready: a required dependency does not answer', {
            unready: {
              summary: 'The database is unreachable',
              value: { status: 'unavailable', checks: { database: { status: 'unavailable', detail: 'postgres' } } },
            },
          }),
          500: internal,
        },
      },
    },
    async (_request, reply) => {
      const report = await useCases.checkReadiness.execute();
      return reply
        .code(report.ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status: report.ready ? 'ok' : 'unavailable', checks: report.checks });
    },
  );
};
