import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import {
  OperationTypeNode,
  getOperationAST,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchRegistrations } from '../support/subscription-queue.js';
import { buildTestApp } from '../support/test-app.js';
import { RawGraphQLSocket, type FrameError, type ServerMessage } from '../integration/subscription-socket.js';
import { anyJson, nastyNumber } from './support/arbitraries.js';
import { fuzzParams, fuzzTimeout } from './support/checks.js';

/**
 * Subscriptions over one real graphql-transport-ws socket (SPEC §5): arbitrary subscription documents — real and
 * unknown fields, nested selections, fragments (cyclic too), arguments as literals or variables, aliases, other
 * operation types, broken syntax — with arbitrary variables. The oracle is graphql-js itself: the server refuses
 * exactly what graphql-js finds invalid (or that is not one subscription, or whose variables do not coerce), each
 * refusal an `error` message whose every error carries VALIDATION_FAILED or QUERY_TOO_COMPLEX and no internals; it
 * accepts the rest; and the socket goes on serving either way. Documents stay far below the abuse limits.
 */

let app: FastifyInstance;
let socket: RawGraphQLSocket;
let registered: (count: number) => Promise<void>;
let accepted = 0;
let refused = 0;

const ORDER_SCALARS = ['id', 'customerId', 'customerEmail', 'status', 'currency', 'total', 'version', 'createdAt'];
const ITEM_SCALARS = ['sku', 'quantity', 'unitPrice'];
const UNKNOWN = ['nosuch', 'Id', 'order', 'orders', '__schema'];

const alias = fc.option(fc.constantFrom('a', 'b', 'id', 'x1'), { nil: undefined });
const named = (name: string, as: string | undefined): string => (as === undefined ? name : `${as}: ${name}`);

const itemSelection: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...ITEM_SCALARS), fc.constantFrom(...UNKNOWN)), { minLength: 0, maxLength: 3 })
  .map((fields) => fields.join(' '));

const orderSelection: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...ORDER_SCALARS), alias).map(([f, a]) => named(f, a)) },
      { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN) },
      { weight: 2, arbitrary: fc.tuple(alias, itemSelection).map(([a, sel]) => `${named('items', a)} { ${sel} }`) },
      { weight: 1, arbitrary: fc.constant('items') },
      { weight: 1, arbitrary: fc.constant('status { name }') },
      { weight: 1, arbitrary: fc.constantFrom('...F', '...G', '... on Order { id }', '... on Query { id }') },
    ),
    { minLength: 0, maxLength: 6 },
  )
  .map((selections) => selections.join(' '));

const argument = fc.constantFrom(
  '',
  '(id: "x")',
  '(id: 5)',
  '(id: $v)',
  '(customerId: $c)',
  '(customerId: $v)',
  '(nosuch: 1)',
  '(id: $undeclared)',
  '(first: 1)',
);

const variableDefinitions = fc
  .subarray(['$v: ID', '$c: String', '$n: Int', '$r: ID!', '$v: [ID]'], { maxLength: 3 })
  .map((definitions) => (definitions.length > 0 ? `(${definitions.join(', ')})` : ''));

const fragments = fc.constantFrom(
  '',
  'fragment F on Order { id }',
  'fragment F on Order { ...F }',
  'fragment F on Order { ...G } fragment G on Order { status ...F }',
  'fragment F on OrderItem { sku }',
  'fragment G on Order { total }',
);

const document: fc.Arbitrary<string> = fc
  .record({
    keyword: fc.constantFrom('subscription', 'subscription', 'subscription', 'query', 'mutation', ''),
    definitions: variableDefinitions,
    root: fc.constantFrom('orderUpdated', 'orderUpdated', 'orderUpdated', 'nosuch', 'order'),
    argument,
    selection: orderSelection,
    second: fc.constantFrom('', '', '', ' other: orderUpdated { id }'),
    fragments,
    cut: fc.option(fc.nat(), { freq: 8, nil: undefined }),
  })
  .map(({ keyword, definitions, root, argument: args, selection, second, fragments: defs, cut }) => {
    const head = keyword === '' ? '' : `${keyword} ${definitions}`;
    const text = `${head} { ${root}${args} { ${selection} }${second} } ${defs}`;
    return cut === undefined ? text : text.slice(0, cut % text.length);
  });

/** A variable's value: right for ID and String, or any wrong thing (within a message the socket takes whole). */
const variableValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, [], {}, ['a', 'b'], { $ne: null }) },
  { weight: 1, arbitrary: anyJson },
);

const variables = fc.dictionary(fc.constantFrom('v', 'c', 'n', 'r', 'other'), variableValue, { maxKeys: 3 });

/** A subscription graphql-js accepts, unless its variables' values do not coerce. */
const wellFormed: fc.Arbitrary<string> = fc
  .record({
    use: fc.constantFrom(
      ['', ''],
      ['($v: ID)', '(id: $v)'],
      ['($c: String)', '(customerId: $c)'],
      ['($v: ID, $c: String)', '(id: $v, customerId: $c)'],
      ['', '(id: "x")'],
    ),
    fields: fc.uniqueArray(fc.constantFrom(...ORDER_SCALARS), { minLength: 1, maxLength: 5 }),
    items: fc.option(fc.uniqueArray(fc.constantFrom(...ITEM_SCALARS), { minLength: 1 }), { nil: undefined }),
    name: fc.constantFrom('', 'Updated'),
  })
  .map(({ use: [definitions, args], fields, items, name }) => {
    const lines = items === undefined ? '' : ` items { ${items.join(' ')} }`;
    return `subscription ${name}${definitions} { orderUpdated${args} { ${fields.join(' ')}${lines} } }`;
  });

/** graphql-js' verdict on a subscription, as a server that validates it like a query must reach. */
function graphqlJsAccepts(query: string, values: Record<string, unknown>): boolean {
  let parsed: DocumentNode;
  try {
    parsed = parse(query);
  } catch {
    return false;
  }
  if (validate(app.graphql.schema, parsed, specifiedRules).length > 0) return false;
  const operation = getOperationAST(parsed);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return false;
  return getVariableValues(app.graphql.schema, operation.variableDefinitions ?? [], values).errors === undefined;
}

/** What the server sent before its answer to a ping. */
async function untilPong(): Promise<ServerMessage[]> {
  socket.send({ type: 'ping' });
  const before: ServerMessage[] = [];
  for (let message = await socket.next(); message.type !== 'pong'; message = await socket.next()) {
    before.push(message);
  }
  return before;
}

beforeAll(async () => {
  let authorization: string | null;
  ({ app, authorization } = await buildTestApp());
  registered = watchRegistrations(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
  socket = await RawGraphQLSocket.initialised(url, authorization ?? '');
});

afterAll(async () => {
  socket.close();
  await app.close();
  console.info(`[fuzz] graphql-subscriptions: ${accepted + refused} cases, ${accepted} accepted, ${refused} refused`);
});

describe('subscription documents over a real socket, against graphql-js as the oracle', () => {
  it(
    'refuses exactly the subscriptions graphql-js refuses, each with a catalogue code, and accepts the rest',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(wellFormed, document), variables, async (query, values) => {
          const id = `case-${run++}`;
          socket.subscribe(id, query, values);
          const answered = await untilPong();
          const expected = graphqlJsAccepts(query, values);
          const context = `${query} with ${JSON.stringify(values)} got ${JSON.stringify(answered)}`;

          if (!expected) {
            expect(answered, context).toHaveLength(1);
            expect(answered[0], context).toMatchObject({ type: 'error', id });
            const errors = answered[0]?.payload as FrameError[];
            expect(errors.length, context).toBeGreaterThan(0);
            for (const error of errors) {
              expect(['VALIDATION_FAILED', 'QUERY_TOO_COMPLEX'], context).toContain(error.extensions?.code);
              expect(JSON.stringify(error), context).not.toMatch(/node_modules|at \w+ \(|\.js:\d+/);
            }
            refused += 1;
            return;
          }
          expect(answered, context).toEqual([]);
          accepted += 1;
          // registered with the order stream before it is completed, so that the completion ends it there too
          await registered(accepted);
          socket.send({ type: 'complete', id });
          expect(await socket.next(), context).toEqual({ type: 'complete', id, payload: null });
        }),
        fuzzParams(500),
      );
    },
    fuzzTimeout(120_000),
  );
});
