import {
  buildSchema,
  getIntrospectionQuery,
  parse,
  specifiedRules,
  validate,
  type GraphQLError,
  type ValidationRule,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_COST } from '../../src/adapters/graphql/graphql-config.js';
import { MAX_QUERY_DEPTH } from '../../src/adapters/graphql/query-depth.js';
import { queryLimitRules } from '../../src/adapters/graphql/query-limits.js';
import { MaxMergedPairsRule } from '../../src/adapters/graphql/query-overlap.js';
import { tokensRefusal } from '../../src/adapters/graphql/query-size.js';

describe('GraphQL abuse limits on a recursive schema (the rules themselves)', () => {
  const schema = buildSchema(`
    type Query { node: Node, ping: Int }
    type Node { id: ID, child: Node }
  `);

  /** `{ node { child { ... id } } }` with exactly `depth` levels. */
  function nodes(depth: number): string {
    const children = depth - 2;
    return `{ node { ${'child { '.repeat(children)}id${' }'.repeat(children)} } }`;
  }

  const LIMITS = queryLimitRules(DEFAULT_MAX_COST);

  function refusals(
    document: string,
    rules: readonly ValidationRule[] = [...specifiedRules, ...LIMITS],
  ): readonly GraphQLError[] {
    return validate(schema, parse(document), [...rules]);
  }

  it('counts a root field as depth 1 and each nested selection as one more', () => {
    expect(refusals(nodes(3))).toEqual([]);
    expect(refusals(nodes(MAX_QUERY_DEPTH))).toEqual([]);
    const [error, ...others] = refusals(nodes(MAX_QUERY_DEPTH + 1));
    expect(others).toEqual([]);
    expect(error?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(error?.message).toBe('The query is 9 levels deep; at most 8 are allowed');
  });

  it('measures each operation of a document on its own', () => {
    const document = `query Shallow ${nodes(8)} query Deep ${nodes(10)}`;
    expect(refusals(document).map((error) => error.message)).toEqual([
      'The query Deep is 10 levels deep; at most 8 are allowed',
    ]);
  });

  it('measures fragments spread many times over once each, however many paths reach them', () => {
    // Each fragment spreads the next twice: 2^30 paths, 32 levels.
    const fragments = Array.from(
      { length: 30 },
      (_, index) => `fragment F${index} on Node { a: child { ...F${index + 1} } b: child { ...F${index + 1} } }`,
    ).join('\n');
    const document = `{ node { ...F0 } } ${fragments} fragment F30 on Node { id }`;
    expect(refusals(document, LIMITS).map((error) => error.message)).toEqual([
      'The query is 32 levels deep; at most 8 are allowed',
      `The operation holds ${2 ** 31 - 2} aliases, fragments expanded; at most 50 are allowed`,
      // Each F costs 2 × (1 + the next); F30 costs 1, so F0 costs 3 × 2^30 − 2, and `node` 1 more.
      `The query costs ${3 * 2 ** 30 - 1} (GRAPHQL_MAX_COST); at most ${DEFAULT_MAX_COST} is allowed`,
      // merging walks the expansion, up to a bound
      'The query selects the same response key so often that merging its selections compares more than 10000 pairs; select each field once',
    ]);
  });

  it('ends on a fragment cycle, which the specified rules refuse', () => {
    const document = `{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }`;
    expect(refusals(document, LIMITS)).toEqual([]);
    expect(refusals(document).map((error) => error.extensions.code)).not.toContain('QUERY_TOO_COMPLEX');
    expect(refusals(document).length).toBeGreaterThan(0);
  });

  it('counts distinct response keys at the root: a field selected twice under one name is resolved once', () => {
    const repeated = Array.from({ length: 60 }, () => 'ping').join(' ');
    expect(refusals(`{ ${repeated} }`)).toEqual([]);
    const aliased = Array.from({ length: 51 }, (_, index) => `p${index}: ping`).join(' ');
    expect(refusals(`{ ${aliased} }`).map((error) => error.message)).toEqual([
      'The query selects 51 root fields; at most 50 are allowed (each alias counts)',
      'The operation holds 51 aliases, fragments expanded; at most 50 are allowed',
    ]);
  });

  it('counts aliases at every level, each fragment as often as it is spread, without walking every path', () => {
    // Two fragments each spread the next two: 2^30 paths to the aliases of P30 and Q30, in a document of 2 KB.
    const fragments = Array.from(
      { length: 30 },
      (_, index) =>
        `fragment P${index} on Node { ...P${index + 1} ...Q${index + 1} } fragment Q${index} on Node { ...P${index + 1} ...Q${index + 1} }`,
    ).join('\n');
    const document = `{ node { ...P0 ...Q0 } } ${fragments} fragment P30 on Node { x: id } fragment Q30 on Node { y: id }`;
    expect(refusals(document, LIMITS).map((error) => error.message)).toEqual([
      `The operation holds ${2 ** 31} aliases, fragments expanded; at most 50 are allowed`,
      `The query costs ${1 + 2 ** 31} (GRAPHQL_MAX_COST); at most ${DEFAULT_MAX_COST} is allowed`,
    ]);
  });

  it('counts 50 aliases spread over levels and fragments as 50, and one more as too many', () => {
    const aliases = (count: number, from = 0) =>
      Array.from({ length: count }, (_, index) => `n${from + index}: id`).join(' ');
    // 10 at the root, 10 in a field, 10 in an inline fragment, 10 in a fragment spread twice: 50.
    const document = (extra: string) => `
      { ${Array.from({ length: 10 }, (_, index) => `r${index}: ping`).join(' ')}
        node { ${aliases(10)} child { ... on Node { ${aliases(10, 10)} } a: child { ...Ten } ${extra} } }
        other: node { ...Ten } }
      fragment Ten on Node { ${aliases(9, 20)} }`;
    expect(refusals(document(''))).toEqual([]);
    expect(refusals(document('one: id')).map((error) => error.message)).toEqual([
      'The operation holds 51 aliases, fragments expanded; at most 50 are allowed',
    ]);
  });

  it('counts the directives of every spread of a fragment, and those inside it wherever it is spread', () => {
    const spreads = (count: number) => Array.from({ length: count }, () => '...F @include(if: true)').join(' ');
    expect(refusals(`{ node { ${spreads(20)} } } fragment F on Node { id }`)).toEqual([]);
    expect(refusals(`{ node { ${spreads(21)} } } fragment F on Node { id }`).map((error) => error.message)).toEqual([
      'The query holds 21 directives, fragments expanded; at most 20 are allowed',
    ]);
    const inside = `fragment G on Node { ${Array.from({ length: 10 }, (_, index) => `d${index}: id @skip(if: false)`).join(' ')} }`;
    expect(refusals(`{ node { ...G a: child { ...G } } } ${inside}`)).toEqual([]);
    expect(
      refusals(`{ node { ...G a: child { ...G } b: child { ...G } } } ${inside}`).map((error) => error.message),
    ).toEqual(['The query holds 30 directives, fragments expanded; at most 20 are allowed']);
  });

  it('counts tokens as the GraphQL parser does, comments not counted: 5,000 pass, 5,001 do not', () => {
    // `{`, `}` and 4,998 names; a field selected twice under one name is merged, so only its tokens count.
    // (Alone: graphql-js' own OverlappingFieldsCanBeMergedRule gives up on so many fields of one name.)
    const pings = (count: number) => `{ ${'ping '.repeat(count)}# ${'comment '.repeat(100)}\n}`;
    // So many selections of one name are refused by the merged-pairs limit too, measured on its own below.
    const sizeLimits = LIMITS.filter((rule) => rule !== MaxMergedPairsRule);
    expect(refusals(pings(4_998), sizeLimits)).toEqual([]);
    expect(tokensRefusal(pings(4_998))).toBeUndefined();
    expect(tokensRefusal(pings(4_999))?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(refusals(pings(4_999), LIMITS).map((error) => error.message)).toEqual([
      'The document holds more than 5000 tokens; at most 5000 are allowed',
    ]);
  });

  it('counts the pairs of selections sharing a response key, as merging compares them: 10,000 pass, 10,001 do not', () => {
    // 141 selections of `ping` make 141 × 140 / 2 = 9,870 pairs; 142 make 10,011.
    expect(refusals(`{ ${'ping '.repeat(141)}}`)).toEqual([]);
    expect(refusals(`{ ${'ping '.repeat(142)}}`, LIMITS).map((error) => error.message)).toEqual([
      'The query selects the same response key so often that merging its selections compares more than 10000 pairs; select each field once',
    ]);
    // Pairs below a key count too: 20 × `node` hold 20 × 8 = 160 selections of `id`, 12,720 pairs.
    const nested = `{ ${`node { ${'id '.repeat(8)}} `.repeat(20)}}`;
    expect(refusals(nested, LIMITS).map((error) => error.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('holds introspection to the root-field limit, though not to the depth limit', () => {
    expect(refusals(getIntrospectionQuery())).toEqual([]);
    const many = Array.from({ length: 51 }, (_, index) => `t${index}: __type(name: "Node") { name }`).join(' ');
    expect(refusals(`{ ${many} }`).map((error) => error.extensions.code)).toEqual([
      'QUERY_TOO_COMPLEX',
      'QUERY_TOO_COMPLEX',
    ]);
  });
});
