/**
 * `npm run generate`: writes openapi.json, schema.graphql and the typed clients (see scripts/contracts.ts) into the
 * repository. Run it after changing a route schema, the GraphQL schema or clients/graphql/operations.graphql, and
 * commit what it changes; `npm test` fails while they are out of date.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { generateContracts, ROOT } from './contracts.js';

const contracts = await generateContracts();
for (const [path, content] of contracts) {
  const file = new URL(path, ROOT);
  const before = await readFile(file, 'utf8').catch(() => undefined);
  if (before === content) {
    console.log(`unchanged  ${path}`);
    continue;
  }
  await mkdir(new URL('.', file), { recursive: true });
  await writeFile(file, content);
  console.log(`${before === undefined ? 'created' : 'updated'}    ${path}`);
}
