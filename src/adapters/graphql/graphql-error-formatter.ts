import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { DependencyUnavailableError } from '../../ports/outbound/dependency-unavailable-error.js';
import { isProblemCode } from '../http/problem-catalogue.js';
import { PLATFORM_PROBLEMS, unavailableProblem } from '../http/problem-from-framework.js';
import { StorageFullError } from '../../ports/outbound/storage-full-error.js';
import { refusalStatus } from './graphql-over-http.js';

/**
 * Gives every error an `extensions.code`: a code of the one catalogue (the core's, QUERY_TOO_COMPLEX from the
 * query limits) passes through; a malformed document, variable or request is VALIDATION_FAILED; anything else is INTERNAL, logged, with
 * its message withheld, so no stack, SQL or path reaches a client. The status follows GraphQL over HTTP
 * (graphql-over-http.ts).
 */
export function formatErrors<TContext extends MercuriusContext = MercuriusContext>(
  execution: ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>,
  context: TContext,
): { statusCode: number; response: FormattedExecutionResult } {
  // Subscriptions have no reply, whatever the type says.
  const log = (context.reply as MercuriusContext['reply'] | undefined)?.log ?? context.app.log;
  // mercurius wraps the errors of a refused document (or GET of a mutation) in one error with a 4xx status.
  const flattened = execution.errors.flatMap((error): { error: GraphQLError; refusedRequest: boolean }[] => {
    const inner: unknown = (error.originalError as { errors?: unknown } | undefined)?.errors;
    if (!Array.isArray(inner)) return [{ error, refusedRequest: false }];
    const refusedRequest = hasClientStatus(error.originalError);
    return inner.map((each) => ({ error: toGraphQLError(each), refusedRequest }));
  });
  const errors = flattened.map(({ error, refusedRequest }): GraphQLFormattedError => {
    const code = error.extensions?.code;
    if (isProblemCode(code)) return error.toJSON();
    if (error.originalError instanceof StorageFullError) {
      log.warn({ code: 'STORAGE_FULL' }, 'order store full');
      return {
        message: PLATFORM_PROBLEMS.storageFull.detail,
        path: error.path,
        ...(error.locations && { locations: error.locations }),
        extensions: { code: 'STORAGE_FULL' },
      };
    }
    if (error.originalError instanceof DependencyUnavailableError) {
      log.warn({ err: error.originalError }, 'dependency unavailable');
      return {
        message: unavailableProblem(error.originalError).detail,
        path: error.path,
        ...(error.locations && { locations: error.locations }),
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    if (error.path === undefined && (refusedRequest || isRequestError(error))) {
      return { ...error.toJSON(), extensions: { ...error.extensions, code: 'VALIDATION_FAILED' } };
    }
    log.error({ err: error.originalError ?? error }, 'GraphQL request failed');
    return {
      message: 'Internal error',
      ...(error.path && { path: error.path }),
      ...(error.locations && { locations: error.locations }),
      extensions: { code: 'INTERNAL' },
    };
  });
  // No data: graphql-js raised a request error (an unknown operation, variables that do not coerce) and ran nothing.
  if (execution.data === undefined) {
    const request = (context.reply as MercuriusContext['reply'] | undefined)?.request;
    return { statusCode: request ? refusalStatus(request, 'graphql', errors) : 200, response: { errors } };
  }
  // Data, even null (a failed non-null root field), is a response to a request that ran: 200 in both media types.
  return { statusCode: 200, response: { data: execution.data, errors } };
}

/**
 * An error outside execution that the request caused: one graphql-js raised parsing, validating or coercing
 * (a GraphQLError all the way down), or one the framework raised with a 4xx status (bad body, bad JSON in a
 * query string). Anything else thrown before execution (a hook, a dependency) is a failure of ours.
 */
function isRequestError(error: GraphQLError): boolean {
  let cause: unknown = error;
  while (isGraphQLError(cause) && cause.originalError !== undefined) cause = cause.originalError;
  return isGraphQLError(cause) || hasClientStatus(cause);
}

/** By name too: mercurius may load graphql's CommonJS build while this module gets its ES build (under vitest). */
function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof GraphQLError || (value instanceof Error && value.name === 'GraphQLError');
}

function hasClientStatus(error: unknown): boolean {
  const status: unknown = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function toGraphQLError(error: unknown): GraphQLError {
  if (isGraphQLError(error)) return error;
  return new GraphQLError(error instanceof Error ? error.message : String(error));
}
