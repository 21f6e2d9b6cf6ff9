import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, Kind, parse, type DocumentNode } from 'graphql';
import { UnauthenticatedError } from '../http/authentication.js';
import { NO_TOKEN } from '../http/bearer-authentication.js';
import { definitionsRefusal, tokensRefusal } from './query-size.js';

/**
 * Refuses, as VALIDATION_FAILED, what mercurius would otherwise take for something else and fail on inside:
 * a `query` that is not GraphQL (mercurius falls back to reading it as a JSON-encoded AST), and over GET an
 * `operationName` the document lacks or `variables` that are not a JSON object.
 */
export async function guardGraphQLRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.routeOptions.url !== '/graphql') return;
  // Only a request that claims a WebSocket upgrade passes the platform without a token: one that was not upgraded
  // (@fastify/websocket marks those that were) is refused like any other without one.
  const upgraded = (request as FastifyRequest & { ws?: boolean }).ws === true;
  if (request.actor === null && !upgraded) throw new UnauthenticatedError({ presented: false, reason: NO_TOKEN });
  if (upgraded) return;
  const params: unknown = request.method === 'GET' ? request.query : request.body;
  const source = typeof params === 'string' ? params : stringField(params, 'query');
  if (source === undefined) return;

  // Before anything reads the whole of a long document (the parser, then every validation rule).
  const tooLong = tokensRefusal(source);
  if (tooLong) {
    await refuse(reply, tooLong, 'QUERY_TOO_COMPLEX');
    return;
  }
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    await refuse(
      reply,
      error instanceof GraphQLError ? error : new GraphQLError('The query is not a GraphQL document'),
    );
    return;
  }
  // Before graphql-js' own rules follow thousands of chained fragments and run out of stack.
  const oversized = definitionsRefusal(document);
  if (oversized) {
    await refuse(reply, oversized, 'QUERY_TOO_COMPLEX');
    return;
  }
  if (request.method !== 'GET') return;

  const operationName = stringField(params, 'operationName');
  if (operationName !== undefined && operationName !== '') {
    const named = document.definitions.some(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === operationName,
    );
    if (!named) await refuse(reply, new GraphQLError(`Unknown operation named "${operationName}"`));
  } else if (operationName === '') {
    await refuse(reply, new GraphQLError('operationName must name an operation of the document'));
  }
  if (reply.sent) return;

  const variables = stringField(params, 'variables');
  if (variables !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(variables);
    } catch {
      parsed = undefined;
    }
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      await refuse(reply, new GraphQLError('variables must be a JSON object'));
    }
  }
}

function stringField(params: unknown, name: string): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const value = (params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

async function refuse(reply: FastifyReply, error: GraphQLError, code = 'VALIDATION_FAILED'): Promise<void> {
  const { message, locations } = error;
  await reply
    .code(400)
    .type('application/json; charset=utf-8')
    .send({ data: null, errors: [{ message, ...(locations && { locations }), extensions: { code } }] });
}
