import {
  Kind,
  type ASTVisitor,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { describeOperation, queryTooComplex } from './query-refusal.js';
import type { FragmentLookup } from './query-root-fields.js';
import { isOversized } from './query-size.js';

/**
 * Selections of one response key are merged into one field (GraphQL's field merging), and graphql-js' own
 * OverlappingFieldsCanBeMergedRule checks that they may be by comparing them in pairs, then the pairs of their
 * sub-selections. Its work grows with the square of how many selections share a key: `{ orders { nextCursor } }`
 * repeated 1,240 times is within every other limit (4,960 tokens, no alias, cost 2,480) and takes it half a second
 * of a blocked event loop. This limit counts those pairs, as GraphQL merges the operation's selections (fragments
 * expanded, each once per merged selection set), and refuses the document before graphql-js' rules read it.
 *
 * A query as written by hand or by a client library selects a key a few times at most (a fragment and the field
 * beside it): a handful of pairs, against a limit of MAX_MERGED_PAIRS.
 */
const MAX_MERGED_PAIRS = 10_000;
/** The merge is walked as expanded; past this many selections it is too large to be worth walking further. */
const MAX_WALKED_SELECTIONS = 50_000;
/**
 * This rule runs before graphql-js' own, so before a fragment cycle is refused: a walk deeper than any document
 * within the depth limit stops there instead of following the cycle down the stack.
 */
const MAX_WALKED_DEPTH = 32;

/** Refuses an operation whose merged selections hold more than MAX_MERGED_PAIRS pairs sharing a response key. */
export const MaxMergedPairsRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation: OperationDefinitionNode) {
    if (isOversized(context.getDocument())) return false;
    const walk = new MergeWalk((name) => context.getFragment(name));
    walk.merge([operation.selectionSet]);
    if (walk.pairs > MAX_MERGED_PAIRS) {
      context.reportError(
        queryTooComplex(
          `${describeOperation(operation)} selects the same response key so often that merging its selections compares ` +
            `more than ${MAX_MERGED_PAIRS} pairs; select each field once`,
          operation,
        ),
      );
    }
    return false;
  },
});

class MergeWalk {
  pairs = 0;
  private walked = 0;

  constructor(private readonly fragment: FragmentLookup) {}

  /** Merges the selection sets of fields sharing one response key, as GraphQL does, counting pairs on the way. */
  merge(selectionSets: readonly SelectionSetNode[], depth = 1): void {
    if (depth > MAX_WALKED_DEPTH) return;
    const byKey = new Map<string, FieldNode[]>();
    const expanded = new Set<string>();
    const collect = (set: SelectionSetNode): void => {
      for (const selection of set.selections) {
        if (this.pairs > MAX_MERGED_PAIRS || this.walked > MAX_WALKED_SELECTIONS) return;
        this.walked += 1;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const fields = byKey.get(key);
          if (fields) fields.push(selection);
          else byKey.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet);
        } else if (!expanded.has(selection.name.value)) {
          // Each fragment once per merged set, as graphql-js compares it; a cycle (refused by its rules) ends here.
          expanded.add(selection.name.value);
          const definition = this.fragment(selection.name.value);
          if (definition) collect(definition.selectionSet);
        }
      }
    };
    for (const set of selectionSets) collect(set);
    for (const fields of byKey.values()) {
      this.pairs += (fields.length * (fields.length - 1)) / 2;
      if (this.pairs > MAX_MERGED_PAIRS) return;
      const below = fields.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
      if (below.length > 0) this.merge(below, depth + 1);
    }
    // Past the walk's bound, the document is refused as if over the pairs.
    if (this.walked > MAX_WALKED_SELECTIONS) this.pairs = Math.max(this.pairs, MAX_MERGED_PAIRS + 1);
  }
}
