import {
  Kind,
  type ASTVisitor,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { describeOperation, queryTooComplex } from './query-refusal.js';
import { rootFieldsOf, type FragmentLookup } from './query-root-fields.js';
import { isOversized } from './query-size.js';
import { FragmentMeasure } from './fragment-measure.js';

/**
 * Depth: a field at the root of the operation is at depth 1, a field selected inside it at depth 2, and so on; the
 * depth of an operation is that of its deepest field. Fragments, spread or inline, add no level: their fields count
 * at the depth of the selection set they are spread into. So `{ orders { items { id } } }` has depth 3, and so has
 * `{ ...Page } fragment Page on Query { orders { items { id } } }`.
 *
 * Introspection is excepted: an operation whose root fields are all meta-fields (`__schema`, `__type`,
 * `__typename`), such as graphql-js' `getIntrospectionQuery()` (depth 15) that GraphiQL sends, is not measured. Its
 * cost is bounded by graphql-js' own MaxIntrospectionDepthRule, one of the specified rules. An operation mixing
 * introspection with ordinary fields is measured whole.
 */
export const MAX_QUERY_DEPTH = 8;

const INTROSPECTION_FIELDS: ReadonlySet<string> = new Set(['__schema', '__type', '__typename']);

/** Refuses an operation deeper than MAX_QUERY_DEPTH, unless it is an introspection query. */
export const MaxQueryDepthRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
  const fragment: FragmentLookup = (name) => context.getFragment(name);
  const depths = new FragmentDepths(fragment);
  return {
    OperationDefinition(operation: OperationDefinitionNode) {
      if (isOversized(context.getDocument())) return false;
      const rootFields = [...rootFieldsOf(operation.selectionSet, fragment).values()];
      const introspection = rootFields.length > 0 && rootFields.every((name) => INTROSPECTION_FIELDS.has(name));
      const depth = introspection ? 0 : depths.of(operation.selectionSet);
      if (depth > MAX_QUERY_DEPTH) {
        context.reportError(
          queryTooComplex(
            `${describeOperation(operation)} is ${depth} levels deep; at most ${MAX_QUERY_DEPTH} are allowed`,
            operation,
          ),
        );
      }
      return false;
    },
  };
};

/**
 * The depth of selection sets, with each fragment's own depth computed once: a fragment adds the same levels
 * wherever it is spread, so documents that spread fragments many times over cost no more than their size.
 */
class FragmentDepths {
  private readonly fragments = new FragmentMeasure();

  constructor(private readonly fragment: FragmentLookup) {}

  of(selectionSet: SelectionSetNode): number {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      let depth: number;
      if (selection.kind === Kind.FIELD) depth = 1 + (selection.selectionSet ? this.of(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) depth = this.of(selection.selectionSet);
      else depth = this.ofFragment(selection.name.value);
      deepest = Math.max(deepest, depth);
    }
    return deepest;
  }

  private ofFragment(name: string): number {
    return this.fragments.of(name, () => {
      const fragment = this.fragment(name);
      return fragment ? this.of(fragment.selectionSet) : undefined;
    });
  }
}
