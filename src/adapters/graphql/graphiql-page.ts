import type { FastifyInstance } from 'fastify';
import { publicRoute } from '../http/authentication.js';
import { pagePolicy, type CspDirectives } from '../http/security-headers.js';
import { GRAPHIQL_ASSETS, GRAPHIQL_HTML, type PageFile } from './graphiql-files.js';

/**
 * GraphiQL's page and every file it loads come from this server (graphiql-files.ts), so the policy names no other
 * origin:
 * - script-src 'self': React, ReactDOM, GraphiQL and the page's script; no eval, no inline script.
 * - style-src 'self' 'unsafe-inline': the two stylesheets, and the <style> element a GraphiQL dialog inserts while
 *   open (Radix UI's react-remove-scroll-bar, which sets no nonce; its text holds the scrollbar's width, so no hash
 *   can name it). Blocked, it is a console error each time a dialog opens.
 * - font-src data: — graphiql.min.css embeds its fonts; img-src data: for its icons.
 * - connect-src 'self': /graphql over HTTP and its graphql-ws WebSocket.
 */
const GRAPHIQL_CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'font-src': ['data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/** The assets' names carry no version: an upgrade reaches a browser that has them within the hour. */
const ASSET_CACHE = 'public, max-age=3600';

/**
 * GraphiQL at /graphiql and its files at /graphiql/<name>, in a scope of their own: public pages (the queries the
 * page sends to /graphql carry the token entered in its Headers pane) with the page's policy in place of the API's
 * `default-src 'none'`.
 */
export async function graphiqlPage(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', pagePolicy(GRAPHIQL_CSP_DIRECTIVES));
  app.addHook('onRoute', publicRoute);
  const serve = (url: string, file: PageFile, cacheControl: string): void => {
    app.get(url, async (_request, reply) =>
      reply.type(file.contentType).header('cache-control', cacheControl).send(file.body),
    );
  };
  serve('/graphiql', GRAPHIQL_HTML, 'no-cache');
  for (const file of GRAPHIQL_ASSETS) serve(`/graphiql/${file.name}`, file, ASSET_CACHE);
}
