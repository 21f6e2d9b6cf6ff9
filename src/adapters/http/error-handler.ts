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
 * No route for this method and path. When the path is served under other methods, RFC 9110 says 405 with `Allow`
 * listing them (HEAD wherever GET is, as fastify serves it); the router is asked with the path as it routes it.
 */
export function answerNoRoute(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0];
  const allowed = request.server.supportedMethods.filter(
    (method) => request.server.findRoute({ method, url: request.url }) !== null,
  );
  if (allowed.length === 0) return sendProblem(reply, problem('ROUTE_NOT_FOUND', `No route ${request.method} ${path}`));
  const allow = allowed.join(', ');
  return sendProblem(
    reply.header('allow', allow),
    problem('METHOD_NOT_ALLOWED', `${path} is served with ${allow}, not ${request.method}`),
  );
}
