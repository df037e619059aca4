import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../src/app/env.js';

function issues(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    parseEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as EnvError).issues;
  }
  throw new Error('expected an EnvError');
}

describe('id lists in the environment are validated', () => {
  it('TELEGRAM_ADMIN_IDS=abc is refused, naming the variable and the value', () => {
    const found = issues({ TELEGRAM_ADMIN_IDS: 'abc' });
    expect(found).toHaveLength(1);
    expect(found[0]!.variable).toBe('TELEGRAM_ADMIN_IDS');
    expect(found[0]!.message).toContain('"abc"');
  });

  it('one bad entry among good ones is named', () => {
    const found = issues({ TELEGRAM_ADMIN_IDS: '123, 45x6,789' });
    expect(found[0]!.message).toContain('"45x6"');
  });

  it('DISCORD_ADMIN_IDS must be snowflakes', () => {
    const found = issues({ DISCORD_ADMIN_IDS: '100000000000000009,12' });
    expect(found[0]!.variable).toBe('DISCORD_ADMIN_IDS');
    expect(found[0]!.message).toContain('"12"');
  });

  it('good lists parse, empty is no admins', () => {
    const env = parseEnv({
      TELEGRAM_ADMIN_IDS: '123 -1001234567890',
      DISCORD_ADMIN_IDS: '100000000000000009',
    });
    expect(env.TELEGRAM_ADMIN_IDS).toEqual(['123', '-1001234567890']);
    expect(env.DISCORD_ADMIN_IDS).toEqual(['100000000000000009']);
    expect(parseEnv({}).TELEGRAM_ADMIN_IDS).toEqual([]);
  });

  it('DELIVERY_MAX_AGE_HOURS: 12 by default, a bad value is named', () => {
    expect(parseEnv({}).DELIVERY_MAX_AGE_HOURS).toBe(12);
    expect(parseEnv({ DELIVERY_MAX_AGE_HOURS: '3' }).DELIVERY_MAX_AGE_HOURS).toBe(3);
    expect(issues({ DELIVERY_MAX_AGE_HOURS: 'soon' })[0]!.variable).toBe('DELIVERY_MAX_AGE_HOURS');
  });

  it('the service exits non-zero, naming the variable and the value', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, TELEGRAM_ADMIN_IDS: 'abc', DATABASE_URL: 'sqlite::memory:' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('TELEGRAM_ADMIN_IDS');
    expect(run.stderr).toContain('"abc"');
  });
});
