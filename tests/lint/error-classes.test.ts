/** Every error class of the project shares one base with a `code`. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HanoiDigestError } from '../../src/digest/errors.js';
import { FetchTimeoutError } from '../../src/digest/gather/index.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('error classes', () => {
  it('every …Error class in src extends HanoiDigestError or another …Error of ours', () => {
    const classes = new Map<string, string>();
    for (const file of sources('src'))
      for (const m of readFileSync(file, 'utf8').matchAll(/class (\w+Error) extends (\w+)/gu))
        classes.set(m[1]!, m[2]!);
    expect(classes.size).toBeGreaterThan(30);
    const rootOf = (name: string): string => {
      const parent = classes.get(name);
      return parent && parent !== 'HanoiDigestError' && classes.has(parent)
        ? rootOf(parent)
        : (parent ?? name);
    };
    const strays = [...classes.keys()].filter(
      (c) => c !== 'HanoiDigestError' && rootOf(c) !== 'HanoiDigestError',
    );
    expect(strays).toEqual([]);
  });

  it('derives a stable code from the class name', () => {
    const err = new FetchTimeoutError('http://x/', 10);
    expect(err).toBeInstanceOf(HanoiDigestError);
    expect(err.code).toBe('FETCH_TIMEOUT');
    expect(new HanoiDigestError('x', { code: 'CUSTOM' }).code).toBe('CUSTOM');
  });
});
