import { cleanEnv, EnvError, makeExactValidator, type CleanOptions } from 'envalid';
import { NOTIFIERS, REPOSITORIES, type NotifierName, type RepositoryName } from './adapter-tables.js';

// Which adapters the service uses (SPEC §2): exactly one repository, one or more notifiers.
const REPOSITORY_NAMES = Object.keys(REPOSITORIES) as RepositoryName[];
const NOTIFIER_NAMES = Object.keys(NOTIFIERS) as NotifierName[];

const repositoryName = makeExactValidator((raw) => {
  const name = REPOSITORY_NAMES.find((known) => known === raw);
  if (name === undefined) throw new EnvError(`one of ${REPOSITORY_NAMES.join(', ')}`);
  return name;
});

const notifierNames = makeExactValidator((raw) => {
  const names = raw.split(',').map((name) => name.trim());
  const chosen = names.flatMap((name) => NOTIFIER_NAMES.filter((known) => known === name));
  if (chosen.length !== names.length || new Set(names).size !== names.length) {
    throw new EnvError(`a comma list of ${NOTIFIER_NAMES.join(', ')}, each at most once`);
  }
  return chosen;
});

// Each choice is read on its own, so that a bad notifier name does not hide what the chosen repository requires.
const repositoryVariables = { ORDERS_REPOSITORY: repositoryName({ default: 'memory' }) };
const notifierVariables = { ORDERS_NOTIFIERS: notifierNames({ default: ['email'] }) };

/** Reads which repository to use; the reporter hears of a bad name. */
export function readRepositoryChoice(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<typeof repositoryVariables>,
): RepositoryName {
  return cleanEnv(env, repositoryVariables, options).ORDERS_REPOSITORY;
}

/** Reads which notifiers to use; the reporter hears of a bad list. */
export function readNotifierChoice(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<typeof notifierVariables>,
): readonly NotifierName[] {
  return cleanEnv(env, notifierVariables, options).ORDERS_NOTIFIERS;
}
