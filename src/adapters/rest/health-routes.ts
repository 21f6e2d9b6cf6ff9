import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { internalResponse, PUBLIC } from './openapi-responses.js';

export interface HealthRoutesOptions {
  readonly useCases: Pick<OrderUseCases, 'checkReadiness'>;
}

const HealthSchema = Type.Object({
  status: Type.String({ description: '`ok`, or `unavailable` when the service cannot serve requests now' }),
  checks: Type.Optional(
    Type.Record(Type.String(), Type.Object({ status: Type.String(), detail: Type.Optional(Type.String()) }), {
      description: 'Readiness only: one entry per configured dependency (repository or database, each notifier)',
    }),
  ),
});

/** A health answer, documented with its examples (`x-examples` becomes the media type's named `examples`). */
const health = (description: string, examples: Record<string, { summary: string; value: unknown }>) =>
  Type.Object(HealthSchema.properties, { description, 'x-examples': examples });

/**
 * Liveness says the process answers; readiness asks each configured dependency. An orchestrator polls both, so
 * neither may ever be throttled: each route declares itself exempt from the platform's rate limit.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { useCases }) => {
  app.get(
    '/health/live',
    {
      config: { rateLimit: false, authentication: false },
      schema: {
        operationId: 'live',
        summary: 'Is the process up?',
        description: 'Always 200 while the process answers; never throttled.',
        tags: ['health'],
        security: PUBLIC,
        response: {
          200: health('The process is up', { up: { summary: 'Up', value: { status: 'ok' } } }),
          // Exempt from the rate limit and reading no body, a probe's only problem is INTERNAL.
          500: internalResponse,
        },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/health/ready',
    {
      config: { rateLimit: false, authentication: false },
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
          // Exempt from the rate limit and reading no body, a probe's only problem is INTERNAL.
          500: internalResponse,
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
