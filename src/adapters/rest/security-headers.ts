import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The Content-Security-Policy of every response but the documentation pages: the API answers JSON and
 * Prometheus text, which load nothing, may not be framed and host no form.
 */
export const API_CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI (/docs and its assets under /docs/static, all served by @fastify/swagger-ui from this server):
 * - script-src 'self': swagger-ui-bundle.js, swagger-ui-standalone-preset.js, swagger-initializer.js; no eval,
 *   no inline script.
 * - style-src 'self': swagger-ui.css and index.css; the UI styles elements through the DOM, which CSP allows.
 * - img-src 'self' data: the favicons, and the logo and icons inlined as data: URIs.
 * - connect-src 'self': the OpenAPI document at /docs/json and "Try it out" calls to this API.
 */
export const SWAGGER_UI_CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
};

export interface SecurityHeadersOptions {
  /** Where Swagger UI is served; its routes get SWAGGER_UI_CSP_DIRECTIVES. */
  readonly docsPrefix: string;
}

/**
 * @fastify/helmet on every route, 404s and 429s included: nosniff, frame denial, HSTS, no referrer, the
 * cross-origin policies, and a Content-Security-Policy. Register it before the routes it must cover (the docs
 * policy is attached to each docs route as it is declared).
 */
export const securityHeaders = fp<SecurityHeadersOptions>(
  async (app: FastifyInstance, { docsPrefix }) => {
    const docsHelmet: Omit<FastifyHelmetOptions, 'global'> = {
      contentSecurityPolicy: { useDefaults: false, directives: SWAGGER_UI_CSP_DIRECTIVES },
    };
    app.addHook('onRoute', (route: RouteOptions) => {
      if (route.url !== docsPrefix && !route.url.startsWith(`${docsPrefix}/`)) return;
      route.config = { ...route.config, helmet: docsHelmet } as RouteOptions['config'];
    });
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
      frameguard: { action: 'deny' },
    });
  },
  { name: 'security-headers' },
);
