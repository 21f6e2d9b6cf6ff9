import type { FastifyServerOptions } from 'fastify';
import { BODY_LIMIT } from './body-limit.js';
import { answerFrameworkError } from './framework-errors.js';
import { requestIdOf } from './request-id.js';

/**
 * What the platform needs from the server itself, because fastify takes it only when the server is created:
 * spread into `Fastify({...})` beside the logger, then register `httpPlatform` first.
 */
export const HTTP_SERVER_OPTIONS = {
  genReqId: requestIdOf,
  frameworkErrors: answerFrameworkError,
  bodyLimit: BODY_LIMIT,
  // Requests already on an open connection are served during the drain; fastify's own 503 is not problem+json.
  return503OnClosing: false,
  routerOptions: { ignoreTrailingSlash: true },
} as const satisfies FastifyServerOptions;
