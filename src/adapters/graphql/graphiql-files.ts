import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** A file of GraphiQL's page, as its route answers it. */
export interface PageFile {
  /** Its name under /graphiql/. */
  readonly name: string;
  readonly contentType: string;
  readonly body: Buffer;
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

const require = createRequire(import.meta.url);

/**
 * The page's own files (static/graphiql), read at run time like package.json in rest/package-version.ts: three
 * folders up from src/adapters/graphql and from dist/adapters/graphql alike.
 */
const OWN_FILES = new URL('../../../static/graphiql/', import.meta.url);

function ownFile(name: string, contentType: string): PageFile {
  return { name, contentType, body: readFileSync(new URL(name, OWN_FILES)) };
}

/**
 * A file of an installed package, found beside its package.json (`require.resolve('<package>/package.json')`): React's
 * exports do not list the UMD builds.
 */
function packageFile(packageJson: string, path: string, contentType: string): PageFile {
  return { name: basename(path), contentType, body: readFileSync(join(dirname(packageJson), path)) };
}

/** The page, at /graphiql. */
export const GRAPHIQL_HTML: PageFile = ownFile('graphiql.html', 'text/html; charset=utf-8');

/**
 * What the page loads, each at /graphiql/<name>, read once when the service starts: the UMD builds of the versions
 * package.json pins, GraphiQL's stylesheet, and the page's own script and stylesheet.
 */
export const GRAPHIQL_ASSETS: readonly PageFile[] = [
  packageFile(require.resolve('react/package.json'), 'umd/react.production.min.js', JAVASCRIPT),
  packageFile(require.resolve('react-dom/package.json'), 'umd/react-dom.production.min.js', JAVASCRIPT),
  packageFile(require.resolve('graphiql/package.json'), 'graphiql.min.js', JAVASCRIPT),
  packageFile(require.resolve('graphiql/package.json'), 'graphiql.min.css', CSS),
  ownFile('graphiql-page.js', JAVASCRIPT),
  ownFile('graphiql-page.css', CSS),
];
