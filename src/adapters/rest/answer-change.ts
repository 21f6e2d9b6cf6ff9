import type { FastifyReply } from 'fastify';
import type { OrderError } from '../../domain/model/errors/order-error.js';
import type { ValidationError } from '../../domain/model/errors/validation-error.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { Result } from '../../domain/model/result.js';
import { sendProblem } from '../http/problem.js';
import { etagOf, orderJson, versionFromIfMatch } from './order-json.js';
import { problemFromDomain } from './problem-from-domain.js';

/** What every change route reads from the request: the order's id and the version If-Match pins, if any. */
export interface ChangeInput {
  readonly orderId: string;
  readonly expectedVersion: number | undefined;
}

/** A lifecycle change as a route runs it: parse the input into the command, then run its use case. */
export type ChangeRun = (input: ChangeInput) => Promise<Result<OrderSnapshot, OrderError>>;

/** Joins a parser to the use case that takes its command. */
export function changeWith<C>(
  parse: (input: ChangeInput) => Result<C, ValidationError>,
  execute: (command: C) => Promise<Result<OrderSnapshot, OrderError>>,
): ChangeRun {
  return async (input) => {
    const command = parse(input);
    return command.ok ? execute(command.value) : command;
  };
}

/** Runs one lifecycle change, pinned to the version in If-Match if any, and answers the changed order. */
export async function answerChange(
  reply: FastifyReply,
  orderId: string,
  ifMatch: string | undefined,
  run: ChangeRun,
): Promise<FastifyReply> {
  const expectedVersion = versionFromIfMatch(ifMatch);
  if (!expectedVersion.ok) return sendProblem(reply, problemFromDomain(expectedVersion.error));
  const changed = await run({ orderId, expectedVersion: expectedVersion.value });
  if (!changed.ok) return sendProblem(reply, problemFromDomain(changed.error));
  return reply.header('etag', etagOf(changed.value)).send(orderJson(changed.value));
}
