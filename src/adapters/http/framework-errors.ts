import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { problemFromFramework } from './problem-from-framework.js';

/**
 * For fastify's `frameworkErrors` option: failures found before any route is chosen (a badly encoded URL, an
 * overlong path segment), so that they too are answered as problem+json with the request id.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const answer = problemFromFramework(error);
  request.log.info({ code: answer.code, detail: answer.detail }, 'request refused before routing');
  void reply.code(answer.status).header('x-request-id', request.id).type(PROBLEM_CONTENT_TYPE).send(answer);
}
