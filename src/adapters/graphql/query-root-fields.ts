import {
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { describeOperation, queryTooComplex } from './query-refusal.js';
import { isOversized } from './query-size.js';

/**
 * Root fields: the distinct response keys of the operation's top-level selection set, fragments spread there
 * expanded. Each alias is a key of its own, so `{ a: orders { nextCursor } b: orders { nextCursor } }` selects two;
 * the same field selected twice under one key (merged by GraphQL, resolved once) counts once. This limit applies to
 * every operation, introspection included.
 */
export const MAX_ROOT_FIELDS = 50;

export type FragmentLookup = (name: string) => FragmentDefinitionNode | null | undefined;

/** Refuses an operation selecting more than MAX_ROOT_FIELDS root fields, aliases counted. */
export const MaxRootFieldsRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation: OperationDefinitionNode) {
    if (isOversized(context.getDocument())) return false;
    const count = rootFieldsOf(operation.selectionSet, (name) => context.getFragment(name)).size;
    if (count > MAX_ROOT_FIELDS) {
      context.reportError(
        queryTooComplex(
          `${describeOperation(operation)} selects ${count} root fields; at most ${MAX_ROOT_FIELDS} are allowed (each alias counts)`,
          operation,
        ),
      );
    }
    return false;
  },
});

/** Response key → field name of a top-level selection set, spreads and inline fragments expanded. */
export function rootFieldsOf(selectionSet: SelectionSetNode, fragment: FragmentLookup): Map<string, string> {
  const fields = new Map<string, string>();
  const expanded = new Set<string>();
  const collect = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        fields.set(selection.alias?.value ?? selection.name.value, selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else if (!expanded.has(selection.name.value)) {
        // Each fragment once: spreading it again adds no key, and a cycle (refused by NoFragmentCyclesRule) ends here.
        expanded.add(selection.name.value);
        const definition = fragment(selection.name.value);
        if (definition) collect(definition.selectionSet);
      }
    }
  };
  collect(selectionSet);
  return fields;
}
