import {
  GraphQLError,
  OperationTypeNode,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { isProblemCode } from '../http/problem-catalogue.js';
import { tokensRefusal } from './query-size.js';

/** What a `subscribe` message of graphql-transport-ws carries. */
interface SubscribePayload {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly operationName: string | undefined;
}

/** How many variable errors one refusal lists; the rest of a hostile variables object is not worth reading. */
const MAX_VARIABLE_ERRORS = 20;

/**
 * Whether the `payload` of a subscribe message may start a subscription: the reasons to refuse it, none if it may.
 * A subscription is held to what a query over HTTP is (SPEC §5): a document that parses, passes each stage of
 * `stages` (the abuse limits, then graphql-js' specified rules), names one subscription operation, and variables of the declared types.
 * Every reason carries a catalogue `extensions.code`: the limits' own, else VALIDATION_FAILED.
 */
export function refusalsOf(
  schema: GraphQLSchema,
  stages: readonly (readonly ValidationRule[])[],
  payload: unknown,
): GraphQLError[] {
  const subscribe = subscribePayload(payload);
  if (typeof subscribe === 'string') return [invalid(subscribe)];
  const tooLong = tokensRefusal(subscribe.query);
  if (tooLong) return [tooLong];
  let document: DocumentNode;
  try {
    document = parse(subscribe.query);
  } catch (error) {
    return [coded(error instanceof GraphQLError ? error : invalid(String(error)))];
  }
  for (const rules of stages) {
    const errors = validate(schema, document, rules);
    if (errors.length > 0) return errors.map(coded);
  }
  const operation = getOperationAST(document, subscribe.operationName);
  if (!operation) return [invalid('The document must hold one operation, or name the one to run in operationName')];
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
    return [invalid(`A ${operation.operation} is served over HTTP on /graphql; a WebSocket serves subscriptions`)];
  }
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], subscribe.variables, {
    maxErrors: MAX_VARIABLE_ERRORS,
  });
  return variables.errors ? variables.errors.map(coded) : [];
}

/** The payload read as graphql-transport-ws defines it, or why it is not one. */
function subscribePayload(payload: unknown): SubscribePayload | string {
  if (!isRecord(payload)) return 'A subscribe message carries a payload object';
  const { query, variables, operationName } = payload;
  // mercurius would also take an already parsed document here, which would skip the limits that read the text.
  if (typeof query !== 'string') return 'A subscribe message carries its document as the string `query`';
  if (variables !== undefined && variables !== null && !isRecord(variables)) return '`variables` must be an object';
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return '`operationName` must be a string';
  }
  return { query, variables: variables ?? {}, operationName: operationName ?? undefined };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'VALIDATION_FAILED' } });
}

/** The error as it is, if it has a catalogue code already (the limits'); else the same error, VALIDATION_FAILED. */
function coded(error: GraphQLError): GraphQLError {
  if (isProblemCode(error.extensions.code)) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error,
    extensions: { ...error.extensions, code: 'VALIDATION_FAILED' },
  });
}
