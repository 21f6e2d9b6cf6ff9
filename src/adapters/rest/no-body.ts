import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from '../http/problem.js';

/** The answer to a body sent to an operation that declares none. */
const BODY_NOT_TAKEN = problem('VALIDATION_FAILED', 'This request takes no body', [
  { path: '', message: 'this request takes no body' },
]);

/**
 * A preValidation hook for the operations that declare no body: one sent anyway (a reason to DELETE, fields to
 * confirm) would be dropped without a word, so it is refused. An empty body, with or without a Content-Type, is
 * no body: the JSON parser reads it as none.
 */
export async function refuseBody(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (request.body === undefined) return undefined;
  return sendProblem(reply, BODY_NOT_TAKEN);
}
