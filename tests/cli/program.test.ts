/** The CLI loads only the command it runs; `--help` still lists every command. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandIn, COMMANDS } from '../../src/cli/index.js';
import type { CliContext } from '../../src/cli/context.js';

const ctx: CliContext = {
  openApp: () => Promise.reject(new Error('not in this test')),
  out: new PassThrough(),
  err: new PassThrough(),
};
const argv = (...args: string[]): string[] => ['node', 'cli', ...args];

describe('lazy CLI', () => {
  it('finds the command an argv runs', () => {
    expect(commandIn(argv('--help'))).toBeNull();
    expect(commandIn(argv())).toBeNull();
    expect(commandIn(argv('summarize', '--input', 'x'))).toBe('summarize');
    expect(commandIn(argv('help', 'digest'))).toBe('digest');
    expect(commandIn(argv('--verbose', 'feeds', 'list'))).toBe('feeds');
    expect(commandIn(argv('nonsense'))).toBeNull();
  });

  it('the stubs’ summaries are the commands’ own descriptions', async () => {
    const full = await buildProgram(ctx, argv(), { load: 'all' });
    const described = Object.fromEntries(full.commands.map((c) => [c.name(), c.description()]));
    expect(described).toEqual(
      Object.fromEntries(Object.entries(COMMANDS).map(([n, c]) => [n, c.summary])),
    );
  });

  it('registers the wanted command in full and the others as stubs', async () => {
    const p = await buildProgram(ctx, argv('group', '--input', 'x.jsonl'));
    const group = p.commands.find((c) => c.name() === 'group')!;
    const digest = p.commands.find((c) => c.name() === 'digest')!;
    expect(group.options.map((o) => o.long)).toContain('--input');
    expect(digest.options).toEqual([]);
  });

  it('group reads the sapo unless --no-use-lead is given', async () => {
    const parsed = async (...extra: string[]): Promise<unknown> => {
      const p = await buildProgram(ctx, argv('group', '--input', 'x.jsonl', ...extra));
      const group = p.commands.find((c) => c.name() === 'group')!;
      group.action(() => undefined);
      await p.parseAsync(argv('group', '--input', 'x.jsonl', ...extra));
      return group.opts()['useLead'];
    };
    expect(await parsed()).toBe(true);
    expect(await parsed('--use-lead')).toBe(true);
    expect(await parsed('--no-use-lead')).toBe(false);
  });
});
