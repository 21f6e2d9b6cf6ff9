import {
  Kind,
  type ASTVisitor,
  type FieldNode,
  type GraphQLArgument,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { MAX_LINES } from '../../domain/model/values/order-lines.js';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../../domain/model/values/page-size.js';
import { describeOperation, queryTooComplex } from './query-refusal.js';
import type { FragmentLookup } from './query-root-fields.js';
import { isOversized } from './query-size.js';
import { FragmentMeasure } from './fragment-measure.js';

/**
 * The cost of an operation (SPEC §5): each selected field costs 1, and the selections inside a list cost as many
 * times as the list can hold:
 *
 *     cost(field) = 1 + holds(field) × cost(its selections)
 *
 * `OrderPage.items` holds the `first` of the `orders` that returned the page (its default, 20, when left out);
 * `Order.items` holds MAX_LINES (100); every other field holds 1 (introspection's lists too: the schema is small and
 * fixed). Fragments count wherever they are spread, each computed once per page size (no blow-up however many paths
 * reach it); a field selected twice under one response key counts twice, and `@skip`/`@include` are not weighed:
 * the measure errs towards refusing.
 *
 * `first` in the document is clamped to 0..PAGE_SIZE_MAX (a larger one is VALIDATION_FAILED when the field runs).
 * `first` from a variable counts as PAGE_SIZE_MAX, the most a page holds: a document is validated once for all the
 * variables it will be sent with (mercurius caches validated documents by their text; a subscription is validated
 * before its variables are read), so its cost cannot depend on them.
 *
 * The largest legitimate query, a page of 100 orders with every field and every line,
 * `{ orders(first: 100) { items { id customerId customerEmail status items { sku quantity unitPrice } currency total
 * version cancellationReason createdAt updatedAt } nextCursor } }`, costs 31,103 — within the default 50,000:
 * - an order: 10 fields, plus `items` at 1 + 100 × 3 = 301: 311;
 * - the page: `orders` 1 + `nextCursor` 1 + `items` at 1 + 100 × 311 = 31,101: 31,103.
 * The same page with its lines selected twice (`lines: items { sku quantity unitPrice }` beside `items`) costs
 * 61,203: an order is 10 + 301 + 301 = 612, the page 1 + 1 + (1 + 100 × 612).
 */
export function maxCostRule(maxCost: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const costs = new CostOf(schema, (name) => context.getFragment(name));
    return {
      OperationDefinition(operation: OperationDefinitionNode) {
        if (isOversized(context.getDocument())) return false;
        const root = schema.getRootType(operation.operation) ?? undefined;
        const cost = costs.of(operation.selectionSet, root, PAGE_SIZE_MAX);
        if (cost > maxCost) {
          context.reportError(
            queryTooComplex(
              `${describeOperation(operation)} costs ${cost} (GRAPHQL_MAX_COST); at most ${maxCost} is allowed`,
              operation,
            ),
          );
        }
        return false;
      },
    };
  };
}

class CostOf {
  /** By fragment name and page size. */
  private readonly fragments = new FragmentMeasure();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragment: FragmentLookup,
  ) {}

  /** `pageSize`: how many orders an `OrderPage` selected here holds. */
  of(selectionSet: SelectionSetNode, type: GraphQLNamedType | undefined, pageSize: number): number {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += this.ofField(selection, type, pageSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition && this.schema.getType(selection.typeCondition.name.value);
        cost += this.of(selection.selectionSet, condition ?? type, pageSize);
      } else {
        cost += this.ofFragment(selection.name.value, pageSize);
      }
    }
    return cost;
  }

  private ofField(field: FieldNode, parent: GraphQLNamedType | undefined, pageSize: number): number {
    if (!field.selectionSet) return 1;
    const definition = this.definitionOf(parent, field.name.value);
    const coordinate = `${parent?.name ?? ''}.${field.name.value}`;
    const holds = coordinate === 'OrderPage.items' ? pageSize : coordinate === 'Order.items' ? MAX_LINES : 1;
    const first = definition?.args.find((arg) => arg.name === 'first');
    const innerPageSize = first ? pageSizeOf(field, first) : pageSize;
    // An unknown field is refused by the specified rules; what it selects still counts, once each.
    return 1 + holds * this.of(field.selectionSet, definition && namedTypeOf(definition.type), innerPageSize);
  }

  private ofFragment(name: string, pageSize: number): number {
    return this.fragments.of(`${name} ${pageSize}`, () => {
      const fragment = this.fragment(name);
      if (!fragment) return undefined;
      return this.of(fragment.selectionSet, this.schema.getType(fragment.typeCondition.name.value), pageSize);
    });
  }

  /**
   * The field's definition, found by name rather than with graphql-js' type predicates (`isObjectType`...): those
   * check `instanceof`, and mercurius may load graphql's CommonJS build where this module gets its ES build.
   */
  private definitionOf(parent: GraphQLNamedType | undefined, name: string): FieldDefinition | undefined {
    if (name === '__typename') return undefined;
    if (parent !== undefined && parent.name === this.schema.getQueryType()?.name) {
      if (name === '__schema') return { type: this.schema.getType('__Schema'), args: [] };
      if (name === '__type') return { type: this.schema.getType('__Type'), args: [] };
    }
    const fields = parent && 'getFields' in parent ? parent.getFields() : {};
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    return field && 'args' in field ? field : undefined;
  }
}

interface FieldDefinition {
  readonly type: GraphQLType | undefined;
  readonly args: readonly Pick<GraphQLArgument, 'name' | 'defaultValue'>[];
}

/** The named type under a type's lists and non-nulls. */
function namedTypeOf(type: GraphQLType | undefined): GraphQLNamedType | undefined {
  let named: GraphQLType | undefined = type;
  while (named && 'ofType' in named) named = named.ofType;
  return named;
}

/** How many orders the page a field with a `first` argument returns can hold. */
function pageSizeOf(field: FieldNode, argument: FieldDefinition['args'][number]): number {
  const first = field.arguments?.find((given) => given.name.value === argument.name)?.value;
  if (first === undefined) return typeof argument.defaultValue === 'number' ? argument.defaultValue : PAGE_SIZE_DEFAULT;
  if (first.kind === Kind.NULL) return PAGE_SIZE_DEFAULT;
  if (first.kind === Kind.INT) return Math.min(Math.max(Number(first.value), 0), PAGE_SIZE_MAX);
  // A variable, or a value the specified rules refuse.
  return PAGE_SIZE_MAX;
}
