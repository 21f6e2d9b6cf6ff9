import type { FastifyReply } from 'fastify';
import { catalogued, type ProblemCode } from './problem-catalogue.js';

/** One refused part of the request: `path` is a JSON Pointer into it, e.g. `/items/0/quantity`. */
export interface ProblemIssue {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem, as every error of the HTTP API is answered. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly errors?: readonly ProblemIssue[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem of the catalogue: its status, title and type come from the code, the detail from the case. */
export function problem(code: ProblemCode, detail: string, errors?: readonly ProblemIssue[]): Problem {
  const { type, title, status } = catalogued(code);
  return { type, title, status, detail, code, ...(errors && { errors }) };
}

export function sendProblem(reply: FastifyReply, answer: Problem): FastifyReply {
  return reply.code(answer.status).type(PROBLEM_CONTENT_TYPE).send(answer);
}
