import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import type { ASTVisitor, ValidationContext, ValidationRule } from 'graphql';
import { queryTooComplex } from './query-refusal.js';
import { isOversized } from './query-size.js';

/**
 * Aliases at all levels together, counted as they would appear in the operation with its fragments expanded: an
 * alias inside a fragment counts once for every place the fragment is spread, since each of those is resolved on
 * its own. GraphQL Armor's rule counts so, computing each fragment's count once (no blow-up however many paths reach
 * it); `__typename` is not exempt, unlike Armor's default. Each alias of a list's items resolves once per item, but
 * that is what the cost limit weighs; this limit bounds the work of a document whatever its data.
 */
const MAX_ALIASES = 50;

const armorRule = maxAliasesRule({
  n: MAX_ALIASES,
  allowList: [],
  exposeLimits: true,
  // Armor throws its refusal out of `validate` unless told otherwise; ours is reported, with our code.
  propagateOnRejection: false,
  onReject: [
    (context, error) => {
      // Armor's message: "Syntax Error: Aliases limit of 50 exceeded, found 51."
      const found = /found (\d+)/.exec(error.message)?.[1] ?? `more than ${MAX_ALIASES}`;
      context?.reportError(
        queryTooComplex(`The operation holds ${found} aliases, fragments expanded; at most ${MAX_ALIASES} are allowed`),
      );
    },
  ],
});

/** Refuses an operation holding more than MAX_ALIASES aliases, fragments expanded. */
export const MaxAliasesRule: ValidationRule = (context: ValidationContext): ASTVisitor =>
  isOversized(context.getDocument()) ? {} : armorRule(context);
