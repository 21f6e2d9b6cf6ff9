import type { FastifyReply, FastifyRequest } from 'fastify';

/** The GraphQL-over-HTTP specification's media type for GraphQL answers, which lets an answer carry a 4xx status. */
export const GRAPHQL_RESPONSE = 'application/graphql-response+json';
/** The legacy media type of GraphQL answers: a well-formed request is answered 200 whatever failed. */
export const LEGACY_JSON = 'application/json';

export type GraphQLMediaType = typeof GRAPHQL_RESPONSE | typeof LEGACY_JSON;

/**
 * The media type of the answer to a GraphQL request (GraphQL over HTTP, "Body": the highest priority type of Accept
 * that the server supports). GRAPHQL_RESPONSE when Accept names it with a quality at least that of application/json
 * (Apollo Client sends `application/graphql-response+json,application/json;q=0.9`); LEGACY_JSON otherwise. A
 * wildcard or a missing Accept selects LEGACY_JSON, as the specification's reference server (graphql-http) does:
 * clients that predate the specification (curl, a bare fetch) keep their 200 answers. A client that accepts neither
 * is answered LEGACY_JSON too, which the specification allows in place of 406.
 */
export function responseMediaType(request: FastifyRequest): GraphQLMediaType {
  const accept = request.headers.accept;
  if (accept === undefined) return LEGACY_JSON;
  const qualities = mediaRanges(accept);
  const graphql = qualities.get(GRAPHQL_RESPONSE) ?? 0;
  const json = qualities.get(LEGACY_JSON) ?? qualities.get('application/*') ?? qualities.get('*/*') ?? 0;
  return graphql > 0 && graphql >= json ? GRAPHQL_RESPONSE : LEGACY_JSON;
}

/** A preHandler for /graphql: what the route answers (results and execution errors) takes the negotiated type. */
export async function answerInAcceptedMediaType(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if ((request as FastifyRequest & { ws?: boolean }).ws === true) return;
  void reply.type(`${responseMediaType(request)}; charset=utf-8`);
}

/** Media range → quality (RFC 9110 §12.5.1), the highest where a range is listed twice; parameters besides q ignored. */
function mediaRanges(accept: string): Map<string, number> {
  const qualities = new Map<string, number>();
  for (const element of accept.split(',')) {
    const [range = '', ...parameters] = element.split(';').map((part) => part.trim().toLowerCase());
    if (range === '') continue;
    const weight = parameters.find((parameter) => /^q\s*=/.test(parameter));
    const quality = weight === undefined ? 1 : Number(weight.slice(weight.indexOf('=') + 1).trim());
    if (!Number.isFinite(quality) || quality < 0 || quality > 1) continue;
    qualities.set(range, Math.max(quality, qualities.get(range) ?? 0));
  }
  return qualities;
}
