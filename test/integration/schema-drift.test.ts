import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateContracts, GENERATED_FILES, ROOT, type Contracts } from '../../scripts/contracts.js';

/**
 * One schema, zero drift: openapi.json, schema.graphql and the typed clients generated from them are committed, and
 * must be what the code generates now. A route schema, the GraphQL schema or an operation changed without
 * `npm run generate` fails here (and, when it breaks a caller of the clients, `npm run typecheck` too).
 */
describe('the committed contracts and clients', () => {
  let generated: Contracts;

  beforeAll(async () => {
    generated = await generateContracts();
  }, 60_000);

  it('are every file the generator writes', () => {
    expect([...generated.keys()]).toEqual([...GENERATED_FILES]);
  });

  it.each(GENERATED_FILES)('%s is up to date', async (path) => {
    const committed = await readFile(new URL(path, ROOT), 'utf8').catch(() => undefined);
    const expected = generated.get(path) ?? '';
    if (committed === expected) return;
    expect.fail(
      committed === undefined
        ? `${path} is missing: run \`npm run generate\` and commit it`
        : `${path} differs from what the code generates: run \`npm run generate\` and commit the result.\n${firstDifference(committed, expected)}`,
    );
  });
});

/** Where two texts part, as a few lines of context: enough to see which field or operation changed. */
function firstDifference(committed: string, expected: string): string {
  const before = committed.split('\n');
  const after = expected.split('\n');
  let line = 0;
  while (line < Math.max(before.length, after.length) && before[line] === after[line]) line++;
  const context = (lines: string[]) => lines.slice(Math.max(0, line - 2), line + 3).join('\n');
  return `First difference at line ${line + 1}.\ncommitted:\n${context(before)}\ngenerated:\n${context(after)}`;
}
