import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import { BODY_LIMIT } from './body-limit.js';
import { answerClientError } from './client-errors.js';
import { answerFrameworkError } from './framework-errors.js';
import { MAX_HEADER_BYTES } from './header-limit.js';
import { requestIdOf } from './request-id.js';

/**
 * SPEC §4: a request whose line, headers and body have not all arrived by then is answered 408 REQUEST_TIMEOUT and
 * its connection closed, so that clients trickling bytes cannot hold the server's sockets.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface HttpServerTuning {
  /** REQUEST_TIMEOUT_MS unless said: tests shorten it rather than wait half a minute. */
  readonly requestTimeoutMs?: number;
}

/**
 * What the platform needs from the server itself, because fastify takes it only when the server is created:
 * spread into `Fastify({...})` beside the logger, then register `httpPlatform` first.
 */
export function httpServerOptions({ requestTimeoutMs = REQUEST_TIMEOUT_MS }: HttpServerTuning = {}) {
  return {
    genReqId: requestIdOf,
    frameworkErrors: answerFrameworkError,
    // Node's own refusals (a malformed request, headers too large, the request timeout) come here, not to a route.
    clientErrorHandler: answerClientError,
    bodyLimit: BODY_LIMIT,
    // Counted from the request's first byte until its body's last; a slow handler is not cut, and a WebSocket leaves
    // the HTTP parser (and these timers) once upgraded. An idle keep-alive connection is closed after fastify's
    // keepAliveTimeout instead, so no socket inactivity timeout (`connectionTimeout`) is set on top.
    requestTimeout: requestTimeoutMs,
    http: {
      headersTimeout: requestTimeoutMs,
      // Node looks for late requests every 30 s by default, which would let one live up to twice its time.
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(requestTimeoutMs / 10)),
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    // Requests already on an open connection are served during the drain; fastify's own 503 is not problem+json.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
  } as const satisfies FastifyHttpOptions<Server>;
}

/** The production options, for servers that need no tuning. */
export const HTTP_SERVER_OPTIONS = httpServerOptions();
