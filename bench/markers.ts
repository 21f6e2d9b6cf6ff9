import { readFileSync, writeFileSync } from 'node:fs';
import { root } from './settings.js';

/**
 * Replaces what BENCHMARKS.md holds between `<!-- name -->` and `<!-- /name -->` with `content`, leaving the prose
 * around it as written. A missing pair of markers fails, so a bench never loses its figures to a renamed section.
 */
export function replaceSection(name: string, content: string): void {
  const path = `${root}BENCHMARKS.md`;
  const benchmarks = readFileSync(path, 'utf8');
  const section = new RegExp(`<!-- ${name} -->[\\s\\S]*<!-- /${name} -->`);
  if (!section.test(benchmarks)) throw new Error(`BENCHMARKS.md has no <!-- ${name} --> … <!-- /${name} --> section`);
  writeFileSync(
    path,
    benchmarks.replace(section, () => `<!-- ${name} -->\n${content}\n<!-- /${name} -->`),
  );
}
