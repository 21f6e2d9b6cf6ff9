import { GraphQLError, Kind, parse, type DocumentNode, type OperationTypeNode, type SourceLocation } from 'graphql';
import { LRUCache } from 'lru-cache';
import { definitionsRefusal, tokensRefusal } from './query-size.js';

/** An operation of a document, as the request guard checks it against `operationName` and the method. */
export interface OperationFacts {
  readonly name: string | undefined;
  readonly type: OperationTypeNode;
}

/** Why a source text cannot run, as the request guard answers it. */
export interface SourceRefusal {
  readonly message: string;
  readonly locations: readonly SourceLocation[] | undefined;
  readonly code: 'QUERY_TOO_COMPLEX' | 'VALIDATION_FAILED';
}

/** What a source text tells the request guard: why it is refused, or the operations it holds. */
export type SourceFacts =
  | { readonly refusal: SourceRefusal; readonly operations?: never }
  | { readonly refusal?: never; readonly operations: readonly OperationFacts[] };

/** As many source texts as mercurius keeps parsed documents by default. */
const CACHED_SOURCES = 1024;
/**
 * A longer source text is read again each time rather than kept: the caches hold at most
 * 2 × CACHED_SOURCES × MAX_CACHED_SOURCE characters, whatever documents arrive.
 */
const MAX_CACHED_SOURCE = 8 * 1024;

// Two caches, as mercurius keeps its own: source texts that are refused do not push out those that run.
const accepted = new LRUCache<string, SourceFacts>({ max: CACHED_SOURCES });
const refused = new LRUCache<string, SourceFacts>({ max: CACHED_SOURCES });

/**
 * What the request guard needs of a source text, learnt once: a text it has read before (and not forgotten since)
 * is neither lexed nor parsed again. Its facts depend on the text alone, never on the request that carried it.
 */
export function sourceFacts(source: string): SourceFacts {
  if (source.length > MAX_CACHED_SOURCE) return learn(source);
  const known = accepted.get(source) ?? refused.get(source);
  if (known) return known;
  const facts = learn(source);
  (facts.refusal ? refused : accepted).set(source, facts);
  return facts;
}

function learn(source: string): SourceFacts {
  // Before anything reads the whole of a long document (the parser, then every validation rule).
  const tooLong = tokensRefusal(source);
  if (tooLong) return refusal(tooLong, 'QUERY_TOO_COMPLEX');
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return refusal(error instanceof GraphQLError ? error : new GraphQLError('The query is not a GraphQL document'));
  }
  // Before graphql-js' own rules follow thousands of chained fragments and run out of stack.
  const oversized = definitionsRefusal(document);
  if (oversized) return refusal(oversized, 'QUERY_TOO_COMPLEX');
  const operations = document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION ? [{ name: definition.name?.value, type: definition.operation }] : [],
  );
  return { operations };
}

function refusal(error: GraphQLError, code: SourceRefusal['code'] = 'VALIDATION_FAILED'): SourceFacts {
  return { refusal: { message: error.message, locations: error.locations, code } };
}

/**
 * The operation `operationName` selects, as graphql-js' getOperationAST selects it: the one of that name, or without
 * a name the document's only operation; undefined if there is none such.
 */
export function selectOperation(
  operations: readonly OperationFacts[],
  operationName: string | undefined,
): OperationFacts | undefined {
  if (operationName === undefined) return operations.length === 1 ? operations[0] : undefined;
  return operations.find(({ name }) => name === operationName);
}
