import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * The abuse limits of SPEC §5, as graphql-js validation rules: they run with the specified rules, before anything
 * executes, for POST and GET alike; a refusal carries `extensions.code` QUERY_TOO_COMPLEX.
 *
 * Depth: a field at the root of the operation is at depth 1, a field selected inside it at depth 2, and so on; the
 * depth of an operation is that of its deepest field. Fragments, spread or inline, add no level: their fields count
 * at the depth of the selection set they are spread into. So `{ orders { items { id } } }` has depth 3, and so has
 * `{ ...Page } fragment Page on Query { orders { items { id } } }`.
 *
 * Introspection is excepted from the depth limit: an operation whose root fields are all meta-fields (`__schema`,
 * `__type`, `__typename`), such as graphql-js' `getIntrospectionQuery()` (depth 15) that GraphiQL sends, is not
 * measured. Its cost is bounded by graphql-js' own MaxIntrospectionDepthRule, one of the specified rules. An
 * operation mixing introspection with ordinary fields is measured whole.
 *
 * Root fields: the distinct response keys of the operation's top-level selection set, fragments spread there
 * expanded. Each alias is a key of its own, so `{ a: orders { nextCursor } b: orders { nextCursor } }` selects two;
 * the same field selected twice under one key (merged by GraphQL, resolved once) counts once. This limit applies to
 * every operation, introspection included.
 */
export const MAX_QUERY_DEPTH = 8;
export const MAX_ROOT_FIELDS = 50;
/**
 * No operation of this schema needs more than a few fragments; thousands of them chained would cost recursion
 * in every rule that follows spreads, so a document with more definitions is refused before they are followed.
 */
const MAX_DEFINITIONS = 100;

const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

const INTROSPECTION_FIELDS: ReadonlySet<string> = new Set(['__schema', '__type', '__typename']);

type FragmentLookup = (name: string) => FragmentDefinitionNode | null | undefined;

/** Refuses a document of more than MAX_DEFINITIONS operations and fragments. */
const MaxDefinitionsRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  Document(document: DocumentNode) {
    const refusal = definitionsRefusal(document);
    if (refusal) context.reportError(refusal);
  },
});

/** Refuses an operation deeper than MAX_QUERY_DEPTH, unless it is an introspection query. */
const MaxQueryDepthRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
  const fragment: FragmentLookup = (name) => context.getFragment(name);
  const depths = new FragmentDepths(fragment);
  const oversized = definitionsRefusal(context.getDocument()) !== undefined;
  return {
    OperationDefinition(operation: OperationDefinitionNode) {
      if (oversized) return false;
      const refusal = depthRefusal(operation, fragment, depths);
      if (refusal) context.reportError(refusal);
      return false;
    },
  };
};

/** Refuses an operation selecting more than MAX_ROOT_FIELDS root fields, aliases counted. */
const MaxRootFieldsRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation: OperationDefinitionNode) {
    if (definitionsRefusal(context.getDocument())) return false;
    const refusal = rootFieldsRefusal(operation, (name) => context.getFragment(name));
    if (refusal) context.reportError(refusal);
    return false;
  },
});

/** Both limits, for graphql-js `validate` (mercurius' `validationRules`). */
export const QUERY_LIMIT_RULES: readonly ValidationRule[] = [MaxDefinitionsRule, MaxRootFieldsRule, MaxQueryDepthRule];

/**
 * Both limits on a parsed document, without a schema: for documents that bypass validation (mercurius runs no
 * validation on subscriptions over WebSocket). The same refusals, in the same order, as QUERY_LIMIT_RULES.
 */
export function queryLimitRefusals(document: DocumentNode): GraphQLError[] {
  const oversized = definitionsRefusal(document);
  if (oversized) return [oversized];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragment: FragmentLookup = (name) => fragments.get(name);
  const depths = new FragmentDepths(fragment);
  const refusals: GraphQLError[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const tooWide = rootFieldsRefusal(definition, fragment);
    if (tooWide) refusals.push(tooWide);
    const tooDeep = depthRefusal(definition, fragment, depths);
    if (tooDeep) refusals.push(tooDeep);
  }
  return refusals;
}

/** The refusal of a document of more than MAX_DEFINITIONS operations and fragments, or undefined. */
export function definitionsRefusal(document: DocumentNode): GraphQLError | undefined {
  if (document.definitions.length <= MAX_DEFINITIONS) return undefined;
  return new GraphQLError(
    `The document holds ${document.definitions.length} operations and fragments; at most ${MAX_DEFINITIONS} are allowed`,
    { extensions: { code: QUERY_TOO_COMPLEX } },
  );
}

function depthRefusal(
  operation: OperationDefinitionNode,
  fragment: FragmentLookup,
  depths: FragmentDepths,
): GraphQLError | undefined {
  const rootFields = [...rootFieldsOf(operation.selectionSet, fragment).values()];
  const introspection = rootFields.length > 0 && rootFields.every((name) => INTROSPECTION_FIELDS.has(name));
  if (introspection) return undefined;
  const depth = depths.of(operation.selectionSet);
  if (depth <= MAX_QUERY_DEPTH) return undefined;
  return new GraphQLError(`${describe(operation)} is ${depth} levels deep; at most ${MAX_QUERY_DEPTH} are allowed`, {
    nodes: operation,
    extensions: { code: QUERY_TOO_COMPLEX },
  });
}

function rootFieldsRefusal(operation: OperationDefinitionNode, fragment: FragmentLookup): GraphQLError | undefined {
  const count = rootFieldsOf(operation.selectionSet, fragment).size;
  if (count <= MAX_ROOT_FIELDS) return undefined;
  return new GraphQLError(
    `${describe(operation)} selects ${count} root fields; at most ${MAX_ROOT_FIELDS} are allowed (each alias counts)`,
    { nodes: operation, extensions: { code: QUERY_TOO_COMPLEX } },
  );
}

function describe(operation: OperationDefinitionNode): string {
  return operation.name ? `The ${operation.operation} ${operation.name.value}` : `The ${operation.operation}`;
}

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

/**
 * The depth of selection sets, with each fragment's own depth computed once: a fragment adds the same levels
 * wherever it is spread, so documents that spread fragments many times over cost no more than their size.
 */
class FragmentDepths {
  private readonly known = new Map<string, number>();
  private readonly inProgress = new Set<string>();

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
    const fragment = this.fragment(name);
    // An unknown fragment or a cycle is refused by the specified rules; it adds nothing here.
    if (!fragment || this.inProgress.has(name)) return 0;
    const known = this.known.get(name);
    if (known !== undefined) return known;
    this.inProgress.add(name);
    const depth = this.of(fragment.selectionSet);
    this.inProgress.delete(name);
    this.known.set(name, depth);
    return depth;
  }
}
