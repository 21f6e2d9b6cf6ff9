import fc from 'fast-check';

/**
 * Nested GraphQL documents over the schema of SPEC §5, generated as a shape, and what SPEC §5's abuse limits say of
 * each, computed from the shape alone (not with the service's rules): pages of orders, each listing its orders
 * `lists` times (aliased after the first), each order with plain, aliased and directive-carrying fields and its lines
 * listed `lineLists` times; the order's selection written inline or as one fragment spread in every list.
 */
export interface NestedShape {
  readonly pages: readonly PageShape[];
  readonly order: OrderShape;
  readonly viaFragment: boolean;
  /** The value of `$first`, for pages whose `first` is the variable. */
  readonly variable: number;
}

interface PageShape {
  /** Left out, a literal (in or out of 1..100), or the variable `$first`. */
  readonly first: number | 'variable' | undefined;
  readonly nextCursor: boolean;
  readonly lists: number;
}

interface OrderShape {
  readonly scalars: readonly string[];
  /** `s0: id`, `s1: id`, ... */
  readonly aliased: number;
  /** `id @include(if: true)`, repeated. */
  readonly directives: number;
  readonly lineLists: number;
  readonly lineFields: readonly string[];
}

const ORDER_SCALARS = ['id', 'customerId', 'status', 'currency', 'total', 'version', 'createdAt'];

export const nestedShape: fc.Arbitrary<NestedShape> = fc.record({
  pages: fc.array(
    fc.record({
      first: fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 5, arbitrary: fc.integer({ min: 1, max: 100 }) },
        { weight: 1, arbitrary: fc.integer({ min: -1, max: 130 }) },
        { weight: 2, arbitrary: fc.constant<'variable'>('variable') },
      ),
      nextCursor: fc.boolean(),
      lists: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  order: fc.record({
    scalars: fc.subarray(ORDER_SCALARS),
    aliased: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 12, max: 60 })),
    directives: fc.integer({ min: 0, max: 12 }),
    lineLists: fc.integer({ min: 0, max: 3 }),
    lineFields: fc.subarray(['sku', 'quantity', 'unitPrice'], { minLength: 1 }),
  }),
  viaFragment: fc.boolean(),
  variable: fc.integer({ min: 1, max: 100 }),
});

/** The document and its variables. */
export function renderNested(shape: NestedShape): { query: string; variables: Record<string, unknown> } {
  const { order } = shape;
  const lines = `{ ${order.lineFields.join(' ')} }`;
  const orderSelection = [
    ...order.scalars,
    ...Array.from({ length: order.aliased }, (_, index) => `s${index}: id`),
    ...Array.from({ length: order.directives }, () => 'id @include(if: true)'),
    ...Array.from({ length: order.lineLists }, (_, index) => `${index === 0 ? '' : `m${index}: `}items ${lines}`),
  ].join(' ');
  const inList = shape.viaFragment ? '...O' : orderSelection || '__typename';
  const usesVariable = shape.pages.some((page) => page.first === 'variable');
  const pages = shape.pages.map((page, index) => {
    const first =
      page.first === undefined ? '' : page.first === 'variable' ? '(first: $first)' : `(first: ${page.first})`;
    const lists = Array.from(
      { length: page.lists },
      (_, list) => `${list === 0 ? '' : `l${list}: `}items { ${inList} }`,
    );
    const inPage = [...(page.nextCursor ? ['nextCursor'] : []), ...lists].join(' ') || '__typename';
    return `p${index}: orders${first} { ${inPage} }`;
  });
  const spread = shape.viaFragment && shape.pages.some((page) => page.lists > 0);
  const query = [
    `query Nested${usesVariable ? '($first: Int)' : ''} { ${pages.join(' ')} }`,
    spread ? `fragment O on Order { ${orderSelection || '__typename'} }` : '',
  ].join(' ');
  return { query, variables: usesVariable ? { first: shape.variable } : {} };
}

/** Which limits of SPEC §5 the shape's document breaks, and whether a page asks for a `first` outside 1..100. */
export function nestedOracle(shape: NestedShape): { readonly tooComplex: string[]; readonly badFirst: boolean } {
  const { order } = shape;
  const orderFields = Math.max(1, order.scalars.length + order.aliased + order.directives + order.lineLists);
  const orderAliases = order.aliased + Math.max(order.lineLists - 1, 0);
  const lineCost = 1 + 100 * order.lineFields.length;
  const orderCost = orderFields - order.lineLists + order.lineLists * lineCost;
  let aliases = shape.pages.length;
  let directives = 0;
  let cost = 0;
  for (const page of shape.pages) {
    // A page holds `first` orders (20 when left out); a variable may say up to 100, and no page holds more.
    const holds =
      page.first === undefined ? 20 : page.first === 'variable' ? 100 : Math.min(Math.max(page.first, 0), 100);
    aliases += Math.max(page.lists - 1, 0) + page.lists * orderAliases;
    directives += page.lists * order.directives;
    const inPage = (page.nextCursor ? 1 : 0) + page.lists * (1 + holds * orderCost);
    cost += 1 + Math.max(inPage, 1);
  }
  const tokens = (renderNested(shape).query.match(TOKEN) ?? []).length;
  const tooComplex = [
    ...(aliases > 50 ? [`${aliases} aliases`] : []),
    ...(directives > 20 ? [`${directives} directives`] : []),
    ...(tokens > 5_000 ? [`${tokens} tokens`] : []),
    ...(cost > 50_000 ? [`cost ${cost}`] : []),
  ];
  const badFirst = shape.pages.some((page) => typeof page.first === 'number' && (page.first < 1 || page.first > 100));
  return { tooComplex, badFirst };
}

/** GraphQL's tokens as the documents above write them: spreads, punctuation, integers, names. */
const TOKEN = /\.\.\.|[!$():@{}]|-?\d+|[_A-Za-z][_0-9A-Za-z]*/g;
