import type { RouteOptions } from 'fastify';
import { publicRoute } from '../http/authentication.js';
import { pagePolicy, type CspDirectives } from '../http/security-headers.js';

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
const GRAPHIQL_CSP_DIRECTIVES: CspDirectives = {
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

const giveGraphiQLPolicy = pagePolicy(GRAPHIQL_CSP_DIRECTIVES);

/**
 * An onRoute hook giving GraphiQL's routes (/graphiql, /graphiql/*) their page policy, and making them public. By path, as the one place
 * that must: mercurius declares GraphiQL's routes in the same scope as /graphql, which keeps the API's policy.
 */
export function applyGraphiQLPolicy(route: RouteOptions): void {
  if (route.url !== '/graphiql' && !route.url.startsWith('/graphiql/')) return;
  giveGraphiQLPolicy(route);
  // The page is public; the queries it sends to /graphql carry the token entered in its headers pane.
  publicRoute(route);
}
