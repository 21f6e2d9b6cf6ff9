import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { MercuriusContext, MercuriusError } from 'mercurius';
import { UnauthenticatedError } from '../http/authentication.js';
import { problemFromFramework } from '../http/problem-from-framework.js';
import { formatErrors } from './graphql-error-formatter.js';
import { GraphQLRefusal, sendRefusal } from './graphql-over-http.js';

/**
 * mercurius's handler for what fails on /graphql before a document runs, answered as GraphQL errors in the
 * negotiated media type (GraphQL over HTTP): what the platform refuses on every route (a body over the limit, of
 * another type, not JSON, a missing token) with the same code and status as REST; a request without a query as
 * VALIDATION_FAILED; a document that does not parse or validate as the formatter classifies it.
 */
export function graphqlRouteErrors(app: FastifyInstance) {
  return async (error: MercuriusError, _request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await sendRefusal(reply, httpRefusal(error) ?? documentRefusal(error, app, reply));
  };
}

function httpRefusal(error: MercuriusError): GraphQLRefusal | undefined {
  if (error instanceof GraphQLRefusal) return error;
  if (error instanceof UnauthenticatedError) {
    // The same 401 and challenge as REST (SPEC §9).
    return GraphQLRefusal.of('http', 'UNAUTHENTICATED', error.message, { 'www-authenticate': error.challenge });
  }
  // mercurius's answer to a request without a query (it reads one only from `query`).
  if (error.code === 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND') {
    return GraphQLRefusal.of('http', 'VALIDATION_FAILED', 'The request has no query: send the GraphQL document in it');
  }
  const framework = frameworkFailureIn(error);
  if (framework === undefined) return undefined;
  const { code, detail } = problemFromFramework(framework);
  return GraphQLRefusal.of('http', code, detail);
}

/**
 * fastify's own refusal of the body (its type, size or JSON: FST_ERR_CTP_*), or of its shape against mercurius's
 * body schema (`query` not a string, `variables` not an object), which mercurius wraps as a validation error.
 */
function frameworkFailureIn(error: MercuriusError): FastifyError | undefined {
  if (typeof error.code === 'string' && error.code.startsWith('FST_')) return error;
  return error.errors?.find((inner): inner is FastifyError => isFastifyError(inner) && inner.validation !== undefined);
}

function isFastifyError(error: Error): error is FastifyError {
  return typeof (error as Partial<FastifyError>).code === 'string';
}

function documentRefusal(error: MercuriusError, app: FastifyInstance, reply: FastifyReply): GraphQLRefusal {
  // The formatter reads only the logger from the context: the reply's, else the server's.
  const context = { app, reply } as unknown as MercuriusContext;
  const { response } = formatErrors({ errors: [asGraphQLError(error)] }, context);
  return new GraphQLRefusal('graphql', response.errors ?? []);
}

/** As mercurius wraps a route error, keeping the original for the formatter to classify. */
function asGraphQLError(error: Error): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error.message, { originalError: error });
}
