import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
import { PLATFORM_PROBLEMS } from './problem-from-framework.js';
import { newRequestId, requestIdOf } from './request-id.js';

/**
 * For fastify's `clientErrorHandler`: what Node refuses before fastify sees a request (a malformed request line or
 * header, a request smuggling attempt, headers over MAX_HEADER_BYTES, a request not whole within the request timeout)
 * is answered as problem+json with a request id, as far as the connection still allows, and the connection closed:
 * after such a request, where the next one would start cannot be trusted.
 */
export function answerClientError(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = problemFromClientError(error.code);
  const inFlight = responseInFlight(socket);
  const requestId = inFlight ? requestIdOf(inFlight.req) : newRequestId();
  this.log.info({ reqId: requestId, code: answer.code, cause: error.code }, 'request refused before routing');
  // Once a response has begun, another one would corrupt it: the connection is only closed.
  if (!socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  socket.end(rawAnswer(answer, requestId), () => socket.destroy());
}

function problemFromClientError(code: string): Problem {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return PLATFORM_PROBLEMS.timedOut;
  if (code === 'HPE_HEADER_OVERFLOW') return PLATFORM_PROBLEMS.headersTooLarge;
  return PLATFORM_PROBLEMS.malformed;
}

/**
 * The response of the request the error interrupted, if its headers had arrived (a body that never finished): Node
 * keeps it on the socket as `_httpMessage`, which its own clientError answer consults for the same reason.
 */
function responseInFlight(socket: Socket): ServerResponse | undefined {
  const message: unknown = Reflect.get(socket, '_httpMessage');
  return typeof message === 'object' && message !== null && 'req' in message ? (message as ServerResponse) : undefined;
}

/** There is no response object here: the answer is written on the socket as HTTP/1.1 bytes. */
function rawAnswer(answer: Problem, requestId: string): string {
  const body = JSON.stringify(answer);
  return [
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Cache-Control: no-store',
    // Helmet's headers are set on fastify's replies, and this answer has none: what matters for a JSON error body.
    'X-Content-Type-Options: nosniff',
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
