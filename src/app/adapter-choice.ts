import { cleanEnv, EnvError, makeExactValidator, type CleanOptions } from 'envalid';
import { NOTIFIERS, REPOSITORIES, type NotifierName, type RepositoryName } from './adapter-tables.js';

/** Which adapters the service uses (SPEC §2): exactly one repository, one or more notifiers. */
export interface AdapterChoice {
  readonly repository: RepositoryName;
  readonly notifiers: readonly NotifierName[];
}

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

const variables = {
  ORDERS_REPOSITORY: repositoryName({ default: 'memory' }),
  ORDERS_NOTIFIERS: notifierNames({ default: ['email'] }),
};

/** Reads which adapters to use; the reporter hears of every bad name. */
export function readAdapterChoice(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<typeof variables>,
): AdapterChoice {
  const read = cleanEnv(env, variables, options);
  return { repository: read.ORDERS_REPOSITORY, notifiers: read.ORDERS_NOTIFIERS };
}
