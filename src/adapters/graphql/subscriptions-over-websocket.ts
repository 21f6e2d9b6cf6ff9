import { GraphQLError, OperationTypeNode, type ASTVisitor, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Subscriptions are served over WebSocket (graphql-transport-ws). Sent over HTTP, one would run once as a query
 * and fail inside; refusing it up front makes it the caller's error it is. mercurius applies validation rules to
 * HTTP requests only, so this rule never sees a WebSocket subscription.
 */
export const NoSubscriptionOverHttpRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation) {
    if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
      context.reportError(
        new GraphQLError('Subscriptions are served over WebSocket (graphql-transport-ws) on /graphql, not over HTTP', {
          nodes: operation,
          extensions: { code: 'VALIDATION_FAILED' },
        }),
      );
    }
    return false;
  },
});
