import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';

/** A Content-Security-Policy, directive → sources. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/**
 * The Content-Security-Policy of every response but the pages that declare their own: the API answers JSON and
 * Prometheus text, which load nothing, may not be framed and host no form.
 */
const API_CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * An onRoute hook giving each route it sees a page's own policy, as @fastify/helmet's per-route configuration
 * (`config.helmet`, read when each request arrives); every other header of the server's helmet stays. A route
 * owner adds it to the scope of the routes it serves as pages (Swagger UI, GraphiQL), so the platform keeps no
 * list of page paths.
 */
export function pagePolicy(directives: CspDirectives): (route: RouteOptions) => void {
  const policy: Omit<FastifyHelmetOptions, 'global'> = { contentSecurityPolicy: { useDefaults: false, directives } };
  return (route) => {
    route.config = { ...route.config, helmet: policy } as RouteOptions['config'];
  };
}

/**
 * @fastify/helmet on every route, 404s and 429s included: nosniff, frame denial, HSTS, no referrer, the
 * cross-origin policies, and API_CSP_DIRECTIVES unless a route declared a page policy.
 */
export const securityHeaders = fp(
  async (app: FastifyInstance) => {
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
      frameguard: { action: 'deny' },
    });
  },
  { name: 'security-headers' },
);
