import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { HealthSchema } from './order-schemas.js';

export interface HealthRoutesOptions {
  readonly useCases: Pick<OrderUseCases, 'checkReadiness'>;
}

/** Liveness says the process answers; readiness asks each configured dependency. */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { useCases }) => {
  app.get(
    '/health/live',
    { schema: { operationId: 'live', summary: 'Is the process up?', tags: ['health'], response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'ready',
        summary: 'Can the service serve requests now?',
        tags: ['health'],
        response: { 200: HealthSchema, 503: HealthSchema },
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
