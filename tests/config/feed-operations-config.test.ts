/** feeds.yaml's feed-operation fields, and the shipped example of real sources. */
import { copyFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { configDir, type ConfigDir } from './config-dir.js';

let current: ConfigDir | null = null;
afterEach(() => {
  current?.cleanup();
  current = null;
});

describe('feeds.yaml: filters, health and notices', () => {
  it('reads filters (NFC, trimmed, no duplicates), thresholds and the Discord channel', async () => {
    current = configDir({
      'feeds.yaml': `feeds:
  - id: a
    name: A
    url: https://a.vn/rss
    filters:
      include: [" Ha\u0300 Nội ", Hà Nội, giao thông]
      exclude: [bóng đá]
health:
  notify_after_failures: 2
  disable_after_failures: 20
  disable_after_days: 5
notices:
  discord_channel: "700000000000000042"
`,
    });
    const cfg = await loadConfig(current.dir);
    expect(cfg.feeds[0]?.filters).toEqual({
      include: ['Hà Nội', 'giao thông'],
      exclude: ['bóng đá'],
    });
    expect(cfg.feedOperations).toEqual({
      notifyAfterFailures: 2,
      disableAfterFailures: 20,
      disableAfterDays: 5,
      discordChannelId: '700000000000000042',
      telegramAdmins: true,
    });
  });

  it('defaults, and refuses a disable window under 3 days naming the field', async () => {
    current = configDir();
    expect((await loadConfig(current.dir)).feedOperations).toMatchObject({
      notifyAfterFailures: 4,
      disableAfterFailures: 10,
      disableAfterDays: 3,
      discordChannelId: null,
    });
    current.write(
      'feeds.yaml',
      `feeds:\n  - id: a\n    name: A\n    url: https://a.vn/rss\nhealth:\n  disable_after_days: 1\n`,
    );
    const err = await loadConfig(current.dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('health.disable_after_days');
    expect((err as Error).message).toContain('at least 3');
  });
});

describe('config/feeds.example.yaml', () => {
  const file = join('config', 'feeds.example.yaml');

  it('is a valid feeds.yaml listing the main Hà Nội and national outlets, all unchecked', async () => {
    current = configDir();
    copyFileSync(file, join(current.dir, 'feeds.yaml'));
    const cfg = await loadConfig(current.dir);
    const hosts = new Set(cfg.feeds.map((f) => new URL(f.url).hostname.replace(/^www\./, '')));
    for (const h of [
      'hanoimoi.vn',
      'kinhtedothi.vn',
      'anninhthudo.vn',
      'baophunuthudo.vn',
      'vnexpress.net',
      'tuoitre.vn',
      'vietnamplus.vn',
      'dantri.com.vn',
      'laodong.vn',
      'hanoi.gov.vn',
    ])
      expect(hosts.has(h), h).toBe(true);
    for (const f of cfg.feeds) if (f.type === 'page') expect(f.linkSelector, f.id).toBeTruthy();
    expect(cfg.feeds.find((f) => f.id === 'phunuthudo-thoi-su')?.type).toBe('page');
    const raw = parse(await readFile(file, 'utf8')) as { feeds: { checked?: boolean }[] };
    expect(raw.feeds.every((f) => f.checked === false)).toBe(true);
  });
});
