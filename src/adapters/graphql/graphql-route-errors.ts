import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { MercuriusContext, MercuriusError } from 'mercurius';
import { UnauthenticatedError } from '../http/authentication.js';
import { isPlatformRefusal } from '../http/problem-from-framework.js';
import { formatErrors } from './graphql-error-formatter.js';

/**
 * mercurius's handler for what fails on /graphql before a document runs (a body it cannot read, a refused
 * document): formatted as a GraphQL result, as mercurius's default handler does. What the platform answers on
 * every route is rethrown instead, and fastify hands it on to the platform's error handler: a body over the limit
 * is the same 413 problem on /graphql as on /orders.
 */
export function graphqlRouteErrors(app: FastifyInstance) {
  return async (error: MercuriusError, _request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (isPlatformRefusal(error)) throw error;
    if (error instanceof UnauthenticatedError) {
      // GraphQL over HTTP: the same 401 and challenge as REST, in GraphQL's shape (SPEC §9).
      await reply
        .code(error.statusCode)
        .header('www-authenticate', error.challenge)
        .type('application/json; charset=utf-8')
        .send({ data: null, errors: [{ message: error.message, extensions: { code: error.code } }] });
      return;
    }
    // The formatter reads only the logger from the context: the reply's, else the server's.
    const context = { app, reply } as unknown as MercuriusContext;
    const { statusCode, response } = formatErrors({ errors: [asGraphQLError(error)] }, context);
    await reply.code(statusCode).send(response);
  };
}

/** As mercurius wraps a route error, keeping the original for the formatter to classify. */
function asGraphQLError(error: Error): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error.message, { originalError: error });
}
