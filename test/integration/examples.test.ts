import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { STAFF, tokenFor } from '../support/tokens.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs an example as `npm run example:*` does, against the server, and resolves with what it printed. */
async function runExample(file: string, baseUrl: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', `examples/${file}`], {
    cwd: root,
    env: { ...process.env, BASE_URL: baseUrl, TOKEN: await tokenFor(STAFF) },
    timeout: 30_000,
  });
  return stdout;
}

/** The examples/ scripts, through the generated clients, against the built server over a real socket. */
describe('the client examples', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer();
  }, 30_000);

  afterAll(async () => {
    await server.stop();
  });

  it('examples/rest-client.ts walks an order through its lifecycle and handles refusals by problem code', async () => {
    const output = await runExample('rest-client.ts', server.url);

    expect(output).toContain(`REST client against ${server.url}`);
    expect(output).toMatch(/^placed {5}\S+ pending version 1, 3097 EUR at \/orders\/\S+$/m);
    expect(output).toMatch(/^read {7}\S+ pending version 1, 3097 EUR, ETag "1"$/m);
    expect(output).toMatch(/^confirmed {2}\S+ confirmed version 2/m);
    expect(output).toMatch(/^shipped {4}\S+ shipped version 3/m);
    expect(output).toMatch(/^delivered {2}\S+ delivered version 4/m);
    expect(output).toMatch(/^listed {5}1 delivered order\(s\) of example-\S+, nextCursor null$/m);
    expect(output).toMatch(/^refused {4}cancel of a delivered order: 409 INVALID_TRANSITION \(.+\)$/m);
    expect(output).toMatch(/^refused {4}ship with the stale If-Match "1": 412 VERSION_MISMATCH \(.+\)$/m);
    expect(output.trimEnd().endsWith('done')).toBe(true);
  }, 60_000);

  it('examples/graphql-client.ts does the same over GraphQL and handles refusals by extensions.code', async () => {
    const output = await runExample('graphql-client.ts', server.url);

    expect(output).toContain(`GraphQL client against ${server.url}/graphql`);
    expect(output).toMatch(/^placed {5}\S+ PENDING version 1, 900 USD$/m);
    expect(output).toMatch(/^read {7}\S+ PENDING version 1/m);
    expect(output).toMatch(/^confirmed {2}\S+ CONFIRMED version 2/m);
    expect(output).toMatch(/^shipped {4}\S+ SHIPPED version 3/m);
    expect(output).toMatch(/^delivered {2}\S+ DELIVERED version 4/m);
    expect(output).toMatch(/^listed {5}1 delivered order\(s\) of example-\S+, nextCursor null$/m);
    expect(output).toMatch(/^refused {4}cancelOrder of a delivered order: INVALID_TRANSITION \(.+\)$/m);
    expect(output).toMatch(/^refused {4}shipOrder at the stale version 1: VERSION_MISMATCH \(.+\)$/m);
    expect(output.trimEnd().endsWith('done')).toBe(true);
  }, 60_000);
});
