/**
 * The import boundaries hold: ESLint's Node API lints a small fixture placed
 * (virtually) in the core, and each forbidden import fails while the allowed
 * ones pass. A broken boundaries setup (nothing classified, nothing resolved)
 * would let all of them through, and this test would fail.
 */
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const FIXTURE = readFileSync('tests/lint/fixtures/forbidden-imports.txt', 'utf8');

async function lintAs(
  filePath: string,
  code: string,
): Promise<{ line: number; message: string }[]> {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'boundaries/dependencies')
    .map((m) => ({ line: m.line, message: m.message }));
}

describe('eslint-plugin-boundaries allow-lists', () => {
  it('fails the core importing the app, pino, another folder past its index.ts, or the network', async () => {
    const problems = await lintAs('src/digest/group/forbidden.ts', FIXTURE);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5]);
    expect(problems[0]!.message).toMatch(
      /from elements of type "digest".*to elements of type "app"/,
    );
    expect(problems[1]!.message).toMatch(/may not use this library/);
    expect(problems[2]!.message).toMatch(/through its index\.ts/);
    expect(problems[3]!.message).toMatch(/may not use this library/);
  }, 60_000);

  it('lets the same imports through where they are allowed', async () => {
    // The composition root may import the core's folders through their index.
    const ok = `import { groupStories } from '../digest/group/index.js';\nimport pino from 'pino';\nexport const x = [groupStories, pino];\n`;
    expect(await lintAs('src/app/fixture.ts', ok)).toEqual([]);
  }, 60_000);

  it('a bot adapter is entered through index.ts or its light render.ts only', async () => {
    const code = `import { renderDiscordDigest } from '../bots/discord/render.js';\nimport { createDiscordBot } from '../bots/discord/bot.js';\nexport const x = [renderDiscordDigest, createDiscordBot];\n`;
    const problems = await lintAs('src/app/fixture.ts', code);
    expect(problems.map((p) => p.line)).toEqual([2]);
  }, 60_000);
});
