import { getOperationAST, Kind, OperationTypeNode, type DocumentNode } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { PLATFORM_PROBLEMS } from '../http/problem-from-framework.js';
import { GraphQLRefusal } from './graphql-over-http.js';
import { rootFieldsOf } from './query-root-fields.js';

/**
 * SPEC §2: each root field of a mutation counts as one request against its client address's rate limit, so that
 * aliases do not multiply what one request may do. The request itself was counted when it arrived; a mutation's
 * other root fields are counted here, a preExecution hook: after validation, which caps them at MAX_ROOT_FIELDS, and
 * before anything runs. A mutation they put over the limit is refused whole, 429 RATE_LIMITED with Retry-After.
 */
export async function chargeMutationRootFields(_schema: unknown, document: DocumentNode, context: MercuriusContext) {
  // Over WebSocket (subscriptions only) there is no reply; over HTTP there always is.
  const reply = context.reply as MercuriusContext['reply'] | undefined;
  if (reply === undefined) return;
  const operation = getOperationAST(document, operationNameOf(reply.request.body));
  if (operation?.operation !== OperationTypeNode.MUTATION) return;
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  const fields = rootFieldsOf(operation.selectionSet, (name) => fragments.get(name)).size;
  if (fields > 1 && (await reply.chargeRateLimit(fields - 1))) {
    throw GraphQLRefusal.of('http', 'RATE_LIMITED', PLATFORM_PROBLEMS.rateLimited.detail);
  }
}

/** A mutation comes only by POST (GET refuses it): its operationName is in the JSON body, if anywhere. */
function operationNameOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { operationName } = body as { operationName?: unknown };
  return typeof operationName === 'string' && operationName !== '' ? operationName : undefined;
}
