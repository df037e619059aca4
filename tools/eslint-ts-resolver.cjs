/**
 * A minimal import resolver for eslint-plugin-boundaries: source files import
 * `./x.js` (ESM, NodeNext) while the file on disk is `./x.ts`. Relative
 * imports are mapped to the .ts file; packages are resolved by Node and
 * reported as external. (eslint-import-resolver-typescript does this and
 * more; this keeps the dev dependencies as they are.)
 */
const { existsSync } = require('node:fs');
const { builtinModules, createRequire } = require('node:module');
const { dirname, resolve } = require('node:path');

exports.interfaceVersion = 2;

exports.resolve = function resolveImport(source, file) {
  if (source.startsWith('node:') || builtinModules.includes(source))
    return { found: true, path: null };
  if (source.startsWith('.')) {
    const base = resolve(dirname(file), source);
    for (const candidate of [
      base.replace(/\.js$/u, '.ts'),
      base,
      `${base}.ts`,
      resolve(base, 'index.ts'),
    ]) {
      if (existsSync(candidate) && !candidate.endsWith('/')) {
        try {
          if (require('node:fs').statSync(candidate).isFile())
            return { found: true, path: candidate };
        } catch {
          /* try the next */
        }
      }
    }
    return { found: false };
  }
  try {
    return { found: true, path: createRequire(file).resolve(source) };
  } catch {
    return { found: false };
  }
};
