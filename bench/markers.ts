import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { root } from './settings.js';

/**
 * Replaces what BENCHMARKS.md holds between `<!-- name -->` and `<!-- /name -->` with `content`, leaving the prose
 * around it as written, and formats the file as `npm run format:check` expects, so a fresh run commits as it is. A
 * missing pair of markers fails, so a bench never loses its figures to a renamed section.
 */
export async function replaceSection(name: string, content: string): Promise<void> {
  const path = `${root}BENCHMARKS.md`;
  const benchmarks = readFileSync(path, 'utf8');
  const section = new RegExp(`<!-- ${name} -->[\\s\\S]*<!-- /${name} -->`);
  if (!section.test(benchmarks)) throw new Error(`BENCHMARKS.md has no <!-- ${name} --> … <!-- /${name} --> section`);
  const updated = benchmarks.replace(section, () => `<!-- ${name} -->\n${content}\n<!-- /${name} -->`);
  writeFileSync(path, await format(updated, { ...(await resolveConfig(path)), filepath: path }));
}
