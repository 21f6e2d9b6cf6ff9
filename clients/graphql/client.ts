/**
 * A small GraphQL-over-HTTP client for the TypedDocumentNodes of generated.ts (`npm run generate` writes it from
 * operations.graphql and schema.graphql): the document fixes the type of the variables and of `data`, so a change to
 * the schema that breaks an operation fails `npm run generate`, and one that changes its result fails the typecheck.
 *
 *   const graphql = createGraphQLClient('http://127.0.0.1:3000/graphql', token); // a bearer token (SPEC §9)
 *   const { data, errors } = await graphql.execute(OrderDocument, { id });
 *   // data?.order: the order or null; errors?.[0]?.extensions?.code: 'VALIDATION_FAILED', ...
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';

/** A GraphQL answer: `data` (null or partial when a field failed) and the errors, each with `extensions.code`. */
export interface GraphQLResult<TData> {
  readonly data?: TData | null;
  readonly errors?: readonly GraphQLError[];
}

export interface GraphQLError extends GraphQLFormattedError {
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

/** The variables may be left out when the operation requires none. */
type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

/** A client of the GraphQL endpoint at `url` that sends `token` as its bearer token on every request. */
export function createGraphQLClient(url: string, token: string) {
  return {
    async execute<TData, TVariables>(
      document: TypedDocumentNode<TData, TVariables>,
      ...[variables]: VariablesArgument<NoInfer<TVariables>>
    ): Promise<GraphQLResult<TData>> {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query: print(document), variables }),
      });
      const contentType = response.headers.get('content-type') ?? '';
      if (!contentType.includes('json')) throw new Error(`${url} answered ${response.status} ${contentType}`);
      // A problem+json refusal (429, 413, ...) has no GraphQL shape: surface it as one error with its code.
      const body = (await response.json()) as GraphQLResult<TData> & { code?: string; detail?: string };
      if (contentType.startsWith('application/problem+json')) {
        return { errors: [{ message: body.detail ?? `HTTP ${response.status}`, extensions: { code: body.code } }] };
      }
      return body;
    },
  };
}

export type GraphQLClient = ReturnType<typeof createGraphQLClient>;
