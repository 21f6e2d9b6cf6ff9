import {
  TypeInfo,
  ValidationContext,
  visit,
  visitInParallel,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { MaxAliasesRule } from './query-aliases.js';
import { maxCostRule } from './query-cost.js';
import { MaxQueryDepthRule } from './query-depth.js';
import { MaxDirectivesRule } from './query-directives.js';
import { MaxMergedPairsRule } from './query-overlap.js';
import { MaxRootFieldsRule } from './query-root-fields.js';
import { DocumentSizeRule } from './query-size.js';

/**
 * The abuse limits of SPEC §5, as graphql-js validation rules: they run with the specified rules, before anything
 * executes, for queries and mutations over POST and GET (mercurius' `validationRules`) and for subscriptions over
 * WebSocket; a refusal carries `extensions.code` QUERY_TOO_COMPLEX. Each limit is its own rule, with its own file:
 * - size (query-size.ts): at most 5,000 tokens and 100 operations and fragments;
 * - root fields (query-root-fields.ts): at most 50 per operation, each alias counted;
 * - depth (query-depth.ts): at most 8 levels, introspection excepted;
 * - aliases (query-aliases.ts): at most 50 per operation at all levels together, fragments expanded;
 * - directives (query-directives.ts): at most 20 per operation, fragments expanded;
 * - cost (query-cost.ts): at most `maxCost` (GRAPHQL_MAX_COST), lists weighed by what they can hold;
 * - merged pairs (query-overlap.ts): at most 10,000 pairs of selections sharing a response key, which graphql-js'
 *   own rules would compare.
 * They are checked before graphql-js' specified rules, so that those read only documents within the limits.
 */
export function queryLimitRules(maxCost: number): readonly ValidationRule[] {
  return [
    DocumentSizeRule,
    MaxRootFieldsRule,
    MaxQueryDepthRule,
    MaxAliasesRule,
    MaxDirectivesRule,
    maxCostRule(maxCost),
    MaxMergedPairsRule,
  ];
}

/**
 * The refusals of `rules` (queryLimitRules) on a document, before graphql-js' specified rules read it: for mercurius'
 * preValidation hook. Not graphql-js' `validate`: that asserts the schema is its own module's, and the schema mercurius
 * built may come from graphql's other build (its CommonJS one, where this module gets the ES one under vitest).
 */
export function queryLimitRefusals(
  schema: GraphQLSchema,
  document: DocumentNode,
  rules: readonly ValidationRule[],
): GraphQLError[] {
  const refusals: GraphQLError[] = [];
  const context = new ValidationContext(schema, document, new TypeInfo(schema), (error) => refusals.push(error));
  visit(document, visitInParallel(rules.map((rule) => rule(context))));
  return refusals;
}
