/**
 * One smoke test of the CLI as production runs it: the built JS under plain
 * node (`npm run build` writes dist/; .ci/run builds before the tests). The
 * command contracts themselves are tested in process (summarize-cli,
 * group-cli); this only proves the build runs and wires them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/index.js';

const CLI = resolve('dist', 'cli', 'index.js');
const BUILT = existsSync(CLI);
if (!BUILT) console.warn(`skipped: ${CLI} not found; run \`npm run build\` first (.ci/run does)`);

const dir = mkdtempSync(join(tmpdir(), 'hd-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });

const article = (id: string, title: string, body: string): string =>
  JSON.stringify({ id, title, body });

describe.skipIf(!BUILT)('the built CLI (node dist/cli/index.js)', () => {
  it('--help lists every command and exits 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toContain(name);
  });

  it('summarize and group keep their JSONL contracts; a bad line exits 1', () => {
    const input = join(dir, 'in.jsonl');
    writeFileSync(
      input,
      [
        article(
          'a1',
          'Hà Nội thông xe cầu vượt Mai Dịch',
          'Sáng nay, UBND thành phố Hà Nội thông xe cầu vượt dài 1,2 km tại nút giao Mai Dịch. Công trình giúp giảm ùn tắc cho khoảng 40.000 lượt xe mỗi ngày.',
        ),
        article(
          'a2',
          'Thông xe cầu vượt Mai Dịch ở Hà Nội',
          'Cầu vượt Mai Dịch ở Hà Nội dài 1,2 km được thông xe sáng nay. Cầu giúp giảm ùn tắc cho khoảng 40.000 lượt xe mỗi ngày qua nút giao.',
        ),
      ].join('\n') + '\n',
    );
    const s = run(['summarize', '--input', input, '--max-chars', '200']);
    expect(s.stderr).toBe('');
    expect(s.status).toBe(0);
    const summaries = s.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; summary: string; hanoi: boolean });
    expect(summaries.map((o) => o.id)).toEqual(['a1', 'a2']);
    for (const o of summaries) expect(o.summary.length).toBeLessThanOrEqual(200);

    const g = run(['group', '--input', input]);
    expect(g.status).toBe(0);
    expect(
      g.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { id: 'a1', group: 'a1' },
      { id: 'a2', group: 'a1' },
    ]);

    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, 'not json\n');
    const b = run(['summarize', '--input', bad]);
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/line 1/);
  });
});
