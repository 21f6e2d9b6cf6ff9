import {
  Kind,
  type ASTVisitor,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { describeOperation, queryTooComplex } from './query-refusal.js';
import type { FragmentLookup } from './query-root-fields.js';
import { isOversized } from './query-size.js';
import { FragmentMeasure } from './fragment-measure.js';

/**
 * Directives, counted as aliases are: as they would appear in the operation with its fragments expanded (those on
 * the operation, its variables, its selections, and on each fragment and spread wherever it is spread), each
 * fragment's count computed once.
 *
 * Not GraphQL Armor's max-directives rule: it drops the directives of every spread of a fragment but the first
 * (`{ ...F @include(if: true) ...F @include(if: true) … }` counts one), so it would let through what SPEC §5 refuses.
 */
const MAX_DIRECTIVES = 20;

/** Refuses an operation holding more than MAX_DIRECTIVES directives, fragments expanded. */
export const MaxDirectivesRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
  const counts = new FragmentDirectives((name) => context.getFragment(name));
  return {
    OperationDefinition(operation: OperationDefinitionNode) {
      if (isOversized(context.getDocument())) return false;
      const onVariables = (operation.variableDefinitions ?? []).reduce(
        (sum, variable) => sum + (variable.directives?.length ?? 0),
        0,
      );
      const count = (operation.directives?.length ?? 0) + onVariables + counts.of(operation.selectionSet);
      if (count > MAX_DIRECTIVES) {
        context.reportError(
          queryTooComplex(
            `${describeOperation(operation)} holds ${count} directives, fragments expanded; at most ${MAX_DIRECTIVES} are allowed`,
            operation,
          ),
        );
      }
      return false;
    },
  };
};

class FragmentDirectives {
  private readonly fragments = new FragmentMeasure();

  constructor(private readonly fragment: FragmentLookup) {}

  of(selectionSet: SelectionSetNode): number {
    let count = 0;
    for (const selection of selectionSet.selections) {
      count += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FRAGMENT_SPREAD) count += this.ofFragment(selection.name.value);
      else if (selection.selectionSet) count += this.of(selection.selectionSet);
    }
    return count;
  }

  private ofFragment(name: string): number {
    return this.fragments.of(name, () => {
      const fragment = this.fragment(name);
      return fragment ? (fragment.directives?.length ?? 0) + this.of(fragment.selectionSet) : undefined;
    });
  }
}
