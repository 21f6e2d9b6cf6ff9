import { createRequire } from 'node:module';

/**
 * The service's version, as package.json states it, for the OpenAPI document. Read at run time (the build's
 * rootDir is src, so package.json cannot be imported); three folders up from src/adapters/rest and from
 * dist/adapters/rest alike.
 */
export const PACKAGE_VERSION: string = (createRequire(import.meta.url)('../../../package.json') as { version: string })
  .version;
