import { GraphQLError, type ASTNode, type OperationDefinitionNode } from 'graphql';
import type { ProblemCode } from '../http/problem-catalogue.js';

const QUERY_TOO_COMPLEX: ProblemCode = 'QUERY_TOO_COMPLEX';

/** A refusal by one of the abuse limits of SPEC §5: the document never runs. */
export function queryTooComplex(message: string, node?: ASTNode): GraphQLError {
  return new GraphQLError(message, { ...(node && { nodes: node }), extensions: { code: QUERY_TOO_COMPLEX } });
}

/** How a refusal names an operation: "The query", "The mutation Place". */
export function describeOperation(operation: OperationDefinitionNode): string {
  return operation.name ? `The ${operation.operation} ${operation.name.value}` : `The ${operation.operation}`;
}
