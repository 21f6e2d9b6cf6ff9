import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { publicRoute } from '../http/authentication.js';
import { pagePolicy, type CspDirectives } from '../http/security-headers.js';

/**
 * Swagger UI (the page and its assets, all served by @fastify/swagger-ui from this server):
 * - script-src 'self': swagger-ui-bundle.js, swagger-ui-standalone-preset.js, swagger-initializer.js; no eval,
 *   no inline script.
 * - style-src 'self': swagger-ui.css and index.css; the UI styles elements through the DOM, which CSP allows. And by
 *   its hash, the one <style> element of Swagger UI's own top-bar logo, which its first render draws before
 *   @fastify/swagger-ui puts its logo in place: blocked, it is a console error on every visit.
 * - img-src 'self' data: the favicons, and the logo and icons inlined as data: URIs.
 * - connect-src 'self': the OpenAPI document at /docs/json and "Try it out" calls to this API.
 */
const SWAGGER_UI_CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"],
};

export interface DocsPageOptions {
  readonly routePrefix: string;
}

/**
 * Swagger UI at `routePrefix`, in a scope of its own: every route it declares there is a public page, and gets the
 * page's policy in place of the API's `default-src 'none'`, without naming a path.
 */
export async function docsPage(app: FastifyInstance, { routePrefix }: DocsPageOptions): Promise<void> {
  app.addHook('onRoute', pagePolicy(SWAGGER_UI_CSP_DIRECTIVES));
  app.addHook('onRoute', publicRoute);
  await app.register(swaggerUi, { routePrefix });
}
