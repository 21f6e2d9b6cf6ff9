import type { FastifyRequest } from 'fastify';
import { OperationTypeNode } from 'graphql';
import { UnauthenticatedError } from '../http/authentication.js';
import { NO_TOKEN } from '../http/bearer-authentication.js';
import { GraphQLRefusal } from './graphql-over-http.js';
import { selectOperation, sourceFacts, type SourceRefusal } from './graphql-source-facts.js';

/**
 * Refuses, before mercurius reads the request, what it would otherwise take for something else and fail on inside:
 * a `query` that is not GraphQL (mercurius falls back to reading it as a JSON-encoded AST); an `operationName` the
 * document lacks, or a document of several operations without one; over GET, `variables` or `extensions` that are
 * not a JSON object. A mutation over GET is refused 405 with `Allow: POST` (GraphQL over HTTP:
 * GET is safe), before it is validated, so it never runs.
 */
export async function guardGraphQLRequest(request: FastifyRequest): Promise<void> {
  // Only a request that claims a WebSocket upgrade passes the platform without a token: one that was not upgraded
  // (@fastify/websocket marks those that were) is refused like any other without one.
  const upgraded = (request as FastifyRequest & { ws?: boolean }).ws === true;
  if (request.actor === null && !upgraded) throw new UnauthenticatedError({ presented: false, reason: NO_TOKEN });
  if (upgraded) return;
  const params: unknown = request.method === 'GET' ? request.query : request.body;
  const source = typeof params === 'string' ? params : stringField(params, 'query');
  if (source === undefined) return;

  // Lexed and parsed once per source text: a document sent again costs a lookup (mercurius caches its parse alike).
  const { refusal, operations } = sourceFacts(source);
  if (refusal) throw refused(refusal);
  // An empty operationName is no operationName (GraphQL over HTTP): dropped before mercurius, which would look for an
  // operation named "". One the document lacks is refused here, over POST too: mercurius' compiled queries (JIT)
  // would run the document's only operation whatever the name.
  const operationName = stringField(params, 'operationName') || undefined;
  if (operationName === undefined && isRecord(params)) delete params.operationName;
  const operation = selectOperation(operations, operationName);
  if (!operation) {
    const message =
      operationName === undefined
        ? 'The document holds several operations: name the one to run in operationName'
        : `Unknown operation named "${operationName}"`;
    throw refused({ message, locations: undefined, code: 'VALIDATION_FAILED' });
  }
  if (request.method !== 'GET') return;

  // GET's parameters have no schema: each is checked here as POST's body schema checks it.
  for (const name of ['variables', 'extensions']) {
    const value = stringField(params, name);
    if (value !== undefined && !isJsonObject(value)) {
      throw GraphQLRefusal.of('http', 'VALIDATION_FAILED', `${name} must be a JSON object`);
    }
  }
  if (operation.type === OperationTypeNode.MUTATION) {
    throw GraphQLRefusal.of('http', 'METHOD_NOT_ALLOWED', 'A mutation cannot be sent with GET: send it with POST', {
      allow: 'POST',
    });
  }
}

function isRecord(params: unknown): params is Record<string, unknown> {
  return typeof params === 'object' && params !== null;
}

function stringField(params: unknown, name: string): string | undefined {
  if (!isRecord(params)) return undefined;
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

/** `null` included: GraphQL over HTTP reads a null parameter as an absent one. */
function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed));
  } catch {
    return false;
  }
}

/** A document that cannot run: a GraphQL request error, with the location graphql-js found. */
function refused({ message, locations, code }: SourceRefusal): GraphQLRefusal {
  const error = { message, ...(locations && { locations: locations.map(({ line, column }) => ({ line, column })) }) };
  return new GraphQLRefusal('graphql', [{ ...error, extensions: { code } }]);
}
