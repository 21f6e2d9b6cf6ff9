import type { FastifyInstance } from 'fastify';

/**
 * JSON is the only body the platform reads; anything else, text/plain included, is 415. An input adapter may add
 * a parser for a type of its own within its routes (mercurius reads application/graphql on /graphql).
 */
export function readJsonBodiesOnly(app: FastifyInstance): void {
  // The default parser refuses an empty body sent as JSON; a bodiless POST /confirm is a fair request.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, body as string, done);
  });
}
