import {
  Lexer,
  Source,
  TokenKind,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLError,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { queryTooComplex } from './query-refusal.js';

/**
 * The size limits of SPEC §5, which bound the work of everything that reads a document before it is measured.
 *
 * Tokens are counted as graphql-js' parser counts them for its `maxTokens` option: names, punctuation and values,
 * not comments. A token limit also bounds nesting (two tokens a level at least), so no rule that walks a document
 * of at most MAX_TOKENS tokens recurses deeper than the stack allows.
 */
const MAX_TOKENS = 5_000;
/**
 * No operation of this schema needs more than a few fragments; thousands of them chained would cost recursion
 * in every rule that follows spreads, so a document with more definitions is refused before they are followed.
 */
const MAX_DEFINITIONS = 100;

const measured = new WeakMap<DocumentNode, readonly GraphQLError[]>();

/** Refuses a document of more than MAX_TOKENS tokens or MAX_DEFINITIONS operations and fragments. */
export const DocumentSizeRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  Document(document: DocumentNode) {
    for (const refusal of sizeRefusals(document)) context.reportError(refusal);
    return false;
  },
});

/**
 * Whether the document is over a size limit: DocumentSizeRule refuses it, and the rules that follow its structure
 * leave it alone rather than walk (and recurse through) something that large.
 */
export function isOversized(document: DocumentNode): boolean {
  return sizeRefusals(document).length > 0;
}

/**
 * The refusal of a source text of more than MAX_TOKENS tokens, found by reading no further than the token after the
 * last one allowed: for a refusal before anything parses the whole text. A text that is not GraphQL is left to the
 * parser to refuse.
 */
export function tokensRefusal(source: string): GraphQLError | undefined {
  const lexer = new Lexer(new Source(source));
  try {
    for (let count = 0; lexer.advance().kind !== TokenKind.EOF; count += 1) {
      if (count === MAX_TOKENS) return tooManyTokens();
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The refusal of a document of more than MAX_DEFINITIONS operations and fragments, or undefined. */
export function definitionsRefusal(document: DocumentNode): GraphQLError | undefined {
  if (document.definitions.length <= MAX_DEFINITIONS) return undefined;
  return queryTooComplex(
    `The document holds ${document.definitions.length} operations and fragments; at most ${MAX_DEFINITIONS} are allowed`,
  );
}

function sizeRefusals(document: DocumentNode): readonly GraphQLError[] {
  const known = measured.get(document);
  if (known) return known;
  const tokens = tokensOf(document);
  const refusals = [definitionsRefusal(document), tokens > MAX_TOKENS ? tooManyTokens() : undefined].filter(
    (refusal) => refusal !== undefined,
  );
  measured.set(document, refusals);
  return refusals;
}

/**
 * The tokens of a parsed document, from the token list its parser leaves in `loc`. A document built without
 * locations (`noLocation`) has none to count; mercurius parses with them, for HTTP and WebSocket alike.
 */
function tokensOf(document: DocumentNode): number {
  let count = 0;
  for (let token = document.loc?.startToken.next; token && token.kind !== TokenKind.EOF; token = token.next) {
    if (token.kind !== TokenKind.COMMENT) count += 1;
  }
  return count;
}

function tooManyTokens(): GraphQLError {
  return queryTooComplex(`The document holds more than ${MAX_TOKENS} tokens; at most ${MAX_TOKENS} are allowed`);
}
