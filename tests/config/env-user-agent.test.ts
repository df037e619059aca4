/** Production config must give outlets a way to reach the operator. */
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../src/app/env.js';

describe('FETCH_USER_AGENT in production', () => {
  it('is required, with a contact URL or e-mail', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(EnvError);
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(
      /FETCH_USER_AGENT: required when NODE_ENV=production, with a contact URL or e-mail/,
    );
    expect(() =>
      parseEnv({ NODE_ENV: 'production', FETCH_USER_AGENT: 'hanoi-digest/0.1' }),
    ).toThrow(/"hanoi-digest\/0.1" has no contact: add a URL or e-mail/);
    expect(
      parseEnv({
        NODE_ENV: 'production',
        FETCH_USER_AGENT: 'hanoi-digest/0.1 (+https://tin.example.vn/lien-he)',
      }).FETCH_USER_AGENT,
    ).toContain('https://tin.example.vn');
    expect(() =>
      parseEnv({ NODE_ENV: 'production', FETCH_USER_AGENT: 'hanoi-digest (ops@tin.example.vn)' }),
    ).not.toThrow();
  });

  it('is optional outside production (the demo and tests stay as they are)', () => {
    expect(() => parseEnv({})).not.toThrow();
    expect(() => parseEnv({ NODE_ENV: 'development' })).not.toThrow();
  });
});
