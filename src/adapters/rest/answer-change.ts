import type { FastifyReply } from 'fastify';
import { ValidationError } from '../../domain/errors.js';
import type { OrderAction, OrderSnapshot } from '../../domain/order.js';
import type { Result } from '../../domain/result.js';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { sendProblem } from '../http/problem.js';
import { etagOf, orderJson, versionFromIfMatch } from './order-json.js';
import { problemFromDomain } from './problem-from-domain.js';

/** Runs one lifecycle change, pinned to the version in If-Match if any, and answers the changed order. */
export async function answerChange(
  reply: FastifyReply,
  orderId: string,
  action: OrderAction,
  ifMatch: string | undefined,
  reason: string | null | undefined,
  useCases: OrderUseCases,
): Promise<FastifyReply> {
  const pinned = versionFromIfMatch(ifMatch);
  if ('issue' in pinned) return sendProblem(reply, problemFromDomain(new ValidationError([pinned.issue])));
  const changed: Result<OrderSnapshot, Parameters<typeof problemFromDomain>[0]> = await useCases.changeOrder.execute({
    orderId,
    action,
    reason,
    ...(pinned.version !== undefined && { expectedVersion: pinned.version }),
  });
  if (!changed.ok) return sendProblem(reply, problemFromDomain(changed.error));
  return reply.header('etag', etagOf(changed.value)).send(orderJson(changed.value));
}
