import type { FastifyReply } from 'fastify';
import type { Actor } from '../../domain/model/actor.js';
import type { OrderError } from '../../domain/model/errors/order-error.js';
import { ValidationError } from '../../domain/model/errors/validation-error.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import { ok, type Result } from '../../domain/model/result.js';
import { sendProblem } from '../http/problem.js';
import { etagOf, orderJson, versionFromIfMatch } from './order-json.js';
import { problemFromDomain } from './problem-from-domain.js';

/** What every change route reads from the request: the order's id and the version If-Match pins, if any. */
export interface ChangeInput {
  readonly orderId: string;
  readonly expectedVersion: number | undefined;
}

/** A parsed change, ready to run its use case as the actor. */
type ParsedChange = (actor: Actor) => Promise<Result<OrderSnapshot, OrderError>>;

/** A lifecycle change as a route runs it: the input parsed into the command, or every issue with it. */
export type ChangeRun = (input: ChangeInput) => Result<ParsedChange, ValidationError>;

/** Joins a parser to the use case that takes its command. */
export function changeWith<C>(
  parse: (input: ChangeInput) => Result<C, ValidationError>,
  execute: (actor: Actor, command: C) => Promise<Result<OrderSnapshot, OrderError>>,
): ChangeRun {
  return (input) => {
    const command = parse(input);
    return command.ok ? ok((actor) => execute(actor, command.value)) : command;
  };
}

/**
 * Runs one lifecycle change as the actor, pinned to the version in If-Match if any, and answers the changed order.
 * A bad If-Match is reported with whatever else is wrong with the request, as the command's `expectedVersion`.
 */
export async function answerChange(
  actor: Actor,
  reply: FastifyReply,
  orderId: string,
  ifMatch: string | undefined,
  run: ChangeRun,
): Promise<FastifyReply> {
  const pinned = versionFromIfMatch(ifMatch);
  const parsed = run({ orderId, expectedVersion: pinned.ok ? pinned.value : undefined });
  if (!parsed.ok || !pinned.ok) {
    const issues = [
      ...(parsed.ok ? [] : parsed.error.issues),
      ...(pinned.ok ? [] : [{ path: ['expectedVersion'], message: pinned.error }]),
    ];
    return sendProblem(reply, problemFromDomain(new ValidationError(issues)));
  }
  const changed = await parsed.value(actor);
  if (!changed.ok) return sendProblem(reply, problemFromDomain(changed.error));
  return reply.header('etag', etagOf(changed.value)).send(orderJson(changed.value));
}
