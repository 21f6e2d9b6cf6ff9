import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The security headers of a route that serves a page with its own Content-Security-Policy. */
    securityHeaders?: SecurityHeaders;
  }
}

/** A Content-Security-Policy, directive → sources. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/** Header name (lower case) → value, as every answer of a route carries them. */
type SecurityHeaders = Readonly<Record<string, string>>;

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
 * helmet's headers for `directives`: nosniff, frame denial, HSTS, no referrer, the cross-origin policies and the
 * policy. Computed once, by running helmet's own middleware against a response that only records what it is given:
 * the headers depend on the options alone, and helmet re-reading its options on every request was a tenth of the CPU
 * a small GET cost.
 */
function helmetHeaders(directives: CspDirectives): SecurityHeaders {
  const options: HelmetOptions = {
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
  };
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => (finished = true));
  // helmet's middleware is synchronous: had it not finished, some headers would be missing from every answer.
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return Object.freeze(headers);
}

const API_HEADERS = helmetHeaders(API_CSP_DIRECTIVES);

/**
 * An onRoute hook giving each route it sees a page's own policy; every other security header stays. A route owner
 * adds it to the scope of the routes it serves as pages (Swagger UI, GraphiQL), so the platform keeps no list of page
 * paths.
 */
export function pagePolicy(directives: CspDirectives): (route: RouteOptions) => void {
  const securityHeaders = helmetHeaders(directives);
  return (route) => {
    route.config = { ...route.config, securityHeaders } as RouteOptions['config'];
  };
}

/**
 * Puts the security headers on the reply of every route, 404s and 429s included: API_CSP_DIRECTIVES' unless the
 * route declared a page policy.
 */
export function addSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.headers(request.routeOptions.config.securityHeaders ?? API_HEADERS);
}
