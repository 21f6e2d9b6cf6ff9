import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { UnauthenticatedError } from './authentication.js';
import { problem, sendProblem } from './problem.js';
import { problemFromFramework } from './problem-from-framework.js';

/** How long a client should wait after a 503: long enough for the database pool to reconnect. */
const RETRY_UNAVAILABLE_AFTER_SECONDS = 5;

/**
 * The server-wide error handler: whatever a route (or a hook before it) throws becomes one problem+json answer,
 * logged at the level its cause deserves. An input adapter with its own handler (mercurius on /graphql) rethrows
 * what the platform answers for every route, and it lands here.
 */
export function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = problemFromFramework(error);
  if (answer.code === 'SERVICE_UNAVAILABLE') {
    request.log.warn({ err: error }, 'dependency unavailable');
    void reply.header('retry-after', String(RETRY_UNAVAILABLE_AFTER_SECONDS));
  } else if (error instanceof UnauthenticatedError) {
    request.log.info({ code: answer.code, detail: answer.detail }, 'request refused');
    void reply.header('www-authenticate', error.challenge);
  } else if (answer.code === 'STORAGE_FULL') {
    // A limit doing its job, not a failure of ours: worth an operator's notice, not an alert.
    request.log.warn({ code: answer.code }, 'order store full');
  } else if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: answer.code, detail: answer.detail }, 'request refused');
  return sendProblem(reply, answer);
}

/**
 * No route for this path. fastify's router does not say whether the path exists under another method, so a wrong
 * method is answered as an unknown route too (SPEC §4's 405 METHOD_NOT_ALLOWED stays in the catalogue for when it
 * can be told apart).
 */
export function answerNoRoute(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, problem('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
}
