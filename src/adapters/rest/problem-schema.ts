import { Type } from 'typebox';
import { PROBLEM_CODES } from '../http/problem-catalogue.js';

/** The shape of every problem+json answer (the platform's `Problem`), as the OpenAPI document names it. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({
      description: 'A URN naming the kind of problem, e.g. urn:hexagonal-orders:problem:order-not-found',
    }),
    title: Type.String({ description: 'A short summary of the kind of problem' }),
    status: Type.Integer({ description: 'The HTTP status code' }),
    detail: Type.String({ description: 'What went wrong with this request' }),
    code: Type.Enum(PROBLEM_CODES, { type: 'string', description: 'The stable, machine-readable code' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'A JSON Pointer into the request, e.g. /items/0/quantity' }),
          message: Type.String(),
        }),
        { description: 'With VALIDATION_FAILED: every refused field' },
      ),
    ),
  },
  { $id: 'Problem', description: 'An RFC 9457 problem: how every error of this API is answered' },
);
