import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { RouteOptions } from 'fastify';

/**
 * What mercurius 16's GraphiQL loads from a CDN, pinned as its static/main.js and static/sw.js pin it:
 * React, ReactDOM and GraphiQL's script and stylesheet. Path-restricted, so no other package on unpkg may run.
 */
const GRAPHIQL_CDN = [
  'https://unpkg.com/react@18.3.1/',
  'https://unpkg.com/react-dom@18.3.1/',
  'https://unpkg.com/graphiql@3.8.3/',
] as const;

/**
 * The Content-Security-Policy of GraphiQL's page and its assets (/graphiql, /graphiql/*), in place of the API's
 * `default-src 'none'`: exactly what that page needs.
 * - script-src: its own config.js and main.js, and the three CDN bundles; no eval, no inline script.
 * - style-src: graphiql.min.css from the CDN, plus 'unsafe-inline' for the page's inline <style> and the style
 *   elements GraphiQL's dialogs inject at run time (react-style-singleton, without a nonce).
 * - font-src data: — graphiql.min.css embeds its fonts; img-src for data: icons.
 * - connect-src: the GraphQL endpoint and its WebSocket ('self'), and the CDN for the service worker
 *   (/graphiql/sw.js, under this same policy) that caches the bundles.
 * - worker-src: that service worker.
 */
export const GRAPHIQL_CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'", ...GRAPHIQL_CDN],
  'font-src': ['data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'", ...GRAPHIQL_CDN],
  'style-src': ["'self'", "'unsafe-inline'", 'https://unpkg.com/graphiql@3.8.3/'],
  'worker-src': ["'self'"],
};

const GRAPHIQL_HELMET: Omit<FastifyHelmetOptions, 'global'> = {
  contentSecurityPolicy: { useDefaults: false, directives: GRAPHIQL_CSP_DIRECTIVES },
};

/**
 * An onRoute hook giving GraphiQL's routes their policy, as @fastify/helmet's per-route configuration
 * (`config.helmet`, read when each request arrives); every other header of the server's helmet stays.
 */
export function applyGraphiQLPolicy(route: RouteOptions): void {
  if (route.url !== '/graphiql' && !route.url.startsWith('/graphiql/')) return;
  route.config = { ...route.config, helmet: GRAPHIQL_HELMET } as RouteOptions['config'];
}
