import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

function build(coerceTypes: boolean | 'array') {
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: true, removeAdditional: false, strict: false });
  addFormats(ajv);
  return ajv;
}

// Bodies are JSON and keep their types: "5" is not a quantity. Query strings, params and headers
// arrive as text, so they are coerced. Unknown fields are refused, not silently dropped.
const strict = build(false);
const coercing = build('array');

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object);
