import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectOperation, sourceFacts } from '../../src/adapters/graphql/graphql-source-facts.js';

describe('What the GraphQL request guard learns from a source text', () => {
  it('reads a source text once: the same text again, even as another string, gives the facts already learnt', () => {
    const source = '{ orders { totalCount } }';
    const facts = sourceFacts(source);
    expect(facts).toEqual({ operations: [{ name: undefined, type: 'query' }] });
    expect(sourceFacts(JSON.parse(JSON.stringify(source)) as string)).toBe(facts);
  });

  it('keeps refusals as it keeps operations, with the code and the location of the first reading', () => {
    const facts = sourceFacts('{ order(id: "x") { id');
    expect(facts).toEqual({
      refusal: {
        message: 'Syntax Error: Expected Name, found <EOF>.',
        locations: [{ line: 1, column: 22 }],
        code: 'VALIDATION_FAILED',
      },
    });
    expect(sourceFacts('{ order(id: "x") { id')).toBe(facts);
    expect(sourceFacts(`{ ${'a '.repeat(5_001)}}`).refusal?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('reads a long source text afresh each time rather than keep it', () => {
    const source = `{ __typename ${'# padding\n'.repeat(1_000)}}`;
    const facts = sourceFacts(source);
    expect(facts.operations).toHaveLength(1);
    expect(sourceFacts(source)).not.toBe(facts);
    expect(sourceFacts(source)).toEqual(facts);
  });

  it('selects the operation getOperationAST selects, for every name', () => {
    const documents = [
      '{ a }',
      'query A { a }',
      'query A { a } query B { b }',
      'query A { a } { b }',
      'fragment F on Query { a }',
      'mutation M { a } fragment F on Query { a }',
    ];
    for (const source of documents) {
      const { operations = [] } = sourceFacts(source);
      for (const name of [undefined, 'A', 'B', 'M', 'F', 'Z']) {
        const expected = getOperationAST(parse(source), name);
        const selected = selectOperation(operations, name);
        expect(selected && { name: selected.name, type: selected.type }).toEqual(
          expected ? { name: expected.name?.value, type: expected.operation } : undefined,
        );
      }
    }
  });
});
