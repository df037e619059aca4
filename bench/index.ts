/**
 * `npm run bench`: every benchmark in this folder, one after the other.
 * Each module exports `name` and `run(): Promise<void>` and prints its own figures.
 * `npm run bench -- extraction summarize` runs only the named ones.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  name: string;
  run(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

for (const file of files) {
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as BenchModule;
  if (only.length && !only.includes(mod.name)) continue;
  console.log(`\n=== ${mod.name} (${file}) ===`);
  const t0 = performance.now();
  await mod.run();
  console.log(`--- ${mod.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
