import type { SwaggerTransformObject } from '@fastify/swagger';

const OPTIONAL_BODY_MARK = 'x-body-optional';

/**
 * Spread into the schema of a route whose body may be left out. @fastify/swagger declares every body schema
 * required (fastify would refuse a missing body, were it not for the route's own default), so the route says so
 * here and `documentOptionalBodies` corrects its document.
 */
export const OPTIONAL_BODY = { [OPTIONAL_BODY_MARK]: true } as const;

/** For @fastify/swagger's `transformObject`: the marked operations' request bodies become `required: false`. */
export const documentOptionalBodies: SwaggerTransformObject = (document) => {
  if (!('openapiObject' in document)) return document.swaggerObject;
  for (const pathItem of Object.values(document.openapiObject.paths ?? {})) {
    // Read as plain JSON: the OpenAPI types know no extension keys.
    for (const operation of Object.values<unknown>(pathItem ?? {})) {
      if (!isRecord(operation) || operation[OPTIONAL_BODY_MARK] !== true) continue;
      delete operation[OPTIONAL_BODY_MARK];
      if (isRecord(operation.requestBody)) operation.requestBody.required = false;
    }
  }
  return document.openapiObject;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
