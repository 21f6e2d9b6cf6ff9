import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { catalogued, isProblemCode, type ProblemCode } from '../http/problem-catalogue.js';
import { LEGACY_JSON, responseMediaType } from './graphql-media-type.js';

/**
 * Where a request failed, which decides its status (GraphQL over HTTP, "Status Codes"):
 * - `graphql`: a GraphQL request error: the document does not parse or validate (the abuse limits included), names
 *   no operation, or its variables do not coerce; or the service failed before running it. application/json
 *   answers 200, as the specification asks of that legacy type; application/graphql-response+json the status of
 *   the error's code (400 for a client's error).
 * - `http`: the HTTP request itself is refused: it is not a GraphQL-over-HTTP request (a body that is not JSON, of
 *   another type, over the limit, without a query), a mutation over GET, without a valid token, over the rate
 *   limit. The status of the code, whatever the media type.
 */
export type RefusalLayer = 'graphql' | 'http';

/** A GraphQL request refused before anything executed, for the route's error handler to answer. */
export class GraphQLRefusal extends Error {
  override readonly name = 'GraphQLRefusal';
  constructor(
    readonly layer: RefusalLayer,
    readonly errors: readonly GraphQLFormattedError[],
    /** Headers the status calls for: Allow with a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(errors[0]?.message ?? 'The GraphQL request was refused');
  }

  /** A refusal with one error of the catalogue's `code`. */
  static of(layer: RefusalLayer, code: ProblemCode, message: string, headers?: Readonly<Record<string, string>>) {
    return new GraphQLRefusal(layer, [{ message, extensions: { code } }], headers);
  }
}

/**
 * The status of an answer without data, whose errors each carry extensions.code: the status of the first code
 * that is the client's (4xx), else of the first code (a 5xx), as `layer` and the negotiated media type make it.
 */
export function refusalStatus(
  request: FastifyRequest,
  layer: RefusalLayer,
  errors: readonly GraphQLFormattedError[],
): number {
  if (layer === 'graphql' && responseMediaType(request) === LEGACY_JSON) return 200;
  const statuses = errors.map(({ extensions }) => {
    const code = extensions?.code;
    return isProblemCode(code) ? catalogued(code).status : 500;
  });
  return statuses.find((status) => status < 500) ?? statuses[0] ?? 500;
}

/**
 * Answers a refusal in the negotiated media type. Without `data`: the GraphQL specification leaves it out of a
 * response to an error raised before execution began.
 */
export async function sendRefusal(reply: FastifyReply, refusal: GraphQLRefusal): Promise<void> {
  await reply
    .code(refusalStatus(reply.request, refusal.layer, refusal.errors))
    .headers(refusal.headers)
    .type(`${responseMediaType(reply.request)}; charset=utf-8`)
    .send({ errors: refusal.errors });
}
