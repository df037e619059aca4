import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import type { ConfigDir } from './config-dir.js';
import { configDir } from './config-dir.js';

let current: ConfigDir | null = null;
afterEach(() => {
  current?.cleanup();
  current = null;
});

function setup(files: Record<string, string | null> = {}): string {
  current = configDir(files);
  return current.dir;
}

async function configError(dir: string): Promise<ConfigError> {
  const err = await loadConfig(dir).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(err)}`);
  return err;
}

const feedsWith = (entry: string): string => `feeds:
  - id: a
    name: A
    url: https://a.vn/rss
  - id: b
    name: B
    url: https://b.vn/rss
  - id: c
    name: C
    url: https://c.vn/rss
${entry}`;

describe('loadConfig', () => {
  it('loads a good folder, with defaults and snake_case mapped', async () => {
    const dir = setup();
    const cfg = await loadConfig(dir);
    expect(cfg.dir).toBe(dir);
    expect(cfg.feeds).toEqual([
      {
        id: 'vnexpress-thoi-su',
        name: 'VnExpress – Thời sự',
        url: 'https://vnexpress.net/rss/thoi-su.rss',
        type: 'rss',
        enabled: true,
      },
      {
        id: 'hanoimoi-xa-hoi',
        name: 'Hà Nội Mới – Xã hội',
        url: 'https://hanoimoi.vn/rss/xa-hoi.rss',
        type: 'rss',
        enabled: false,
      },
      {
        id: 'kinhtedothi-do-thi',
        name: 'Kinh tế & Đô thị',
        url: 'https://kinhtedothi.vn/do-thi',
        type: 'page',
        linkSelector: 'h3 a',
        enabled: true,
      },
    ]);
    expect(cfg.topics).toEqual([
      { id: 'giao-thong', name: 'Giao thông', keywords: ['ùn tắc', 'đường sắt đô thị'] },
      { id: 'y-te', name: 'Y tế', keywords: ['bệnh viện'], places: ['Bạch Mai'] },
    ]);
    expect(cfg.gazetteer.elsewhere).toEqual(['TP.HCM']);
    expect(cfg.subscriptions).toEqual([]);
    expect(cfg.schedules).toEqual({
      gatherIntervalMinutes: 15,
      defaultDigestCron: '0 7 * * *',
      timezone: 'Asia/Ho_Chi_Minh',
      catchUpGraceHours: 6,
      digestWindowHours: 24,
      sectionOrder: ['giao-thong', 'y-te'],
      maxItemsPerSection: 5,
      maxItems: 30,
      summaryMaxChars: 280,
    });
  });

  it('reads subscriptions with defaults from schedules.yaml, and normalizes text to NFC', async () => {
    const dir = setup({
      'schedules.yaml': 'default_digest_cron: "30 6 * * 1-5"\ntimezone: Asia/Bangkok\n',
      'subscriptions.yaml': `subscriptions:
  - id: tg
    platform: telegram
    chat_id: "@bantinhanoi"
    places: ["Hoa\u0300n Kiê\u0301m"]
  - id: dc
    platform: discord
    chat_id: "1234567890123456789"
    topics: [giao-thong]
    exclude_keywords: [bóng đá]
    schedule: "0 18 * * *"
    timezone: Asia/Ho_Chi_Minh
    enabled: false
`,
    });
    const cfg = await loadConfig(dir);
    expect(cfg.subscriptions).toEqual([
      {
        id: 'tg',
        target: { platform: 'telegram', chatId: '@bantinhanoi' },
        filters: { topics: [], places: ['Hoàn Kiếm'], keywords: [], excludeKeywords: [] },
        schedule: '30 6 * * 1-5',
        timezone: 'Asia/Bangkok',
        enabled: true,
      },
      {
        id: 'dc',
        target: { platform: 'discord', chatId: '1234567890123456789' },
        filters: { topics: ['giao-thong'], places: [], keywords: [], excludeKeywords: ['bóng đá'] },
        schedule: '0 18 * * *',
        timezone: 'Asia/Ho_Chi_Minh',
        enabled: false,
      },
    ]);
  });

  it('accepts an empty subscriptions file, an empty list and topics under a `topics:` key', async () => {
    for (const text of ['', '# nothing yet\n', 'subscriptions: []\n', 'subscriptions:\n']) {
      const dir = setup({
        'subscriptions.yaml': text,
        'topics.yaml': 'topics:\n  - id: y-te\n    name: Y tế\n    keywords: [bệnh viện]\n',
      });
      const cfg = await loadConfig(dir);
      expect(cfg.subscriptions).toEqual([]);
      expect(cfg.topics.map((t) => t.id)).toEqual(['y-te']);
      current?.cleanup();
    }
  });

  /** The first issue of a topics.yaml holding one y-te topic with `extra` YAML lines. */
  async function topicIssues(keywords: string, extra: string) {
    const dir = setup({
      'topics.yaml': `topics:\n  - id: y-te\n    name: Y tế\n    keywords: [${keywords}]\n${extra}`,
    });
    const err = await configError(dir);
    expect(err.file).toBe(join(dir, 'topics.yaml'));
    current?.cleanup();
    return err.issues;
  }

  it('names a phrase listed under two keyword lists of one topic', async () => {
    const issues = await topicIssues('bệnh viện, ngộ độc', '    weakKeywords: [Ngộ độc]\n');
    expect(issues[0]).toMatchObject({
      path: 'topics[0].weakKeywords[0]',
      message: '"Ngộ độc" is also under keywords',
    });
  });

  it('names the topic rule with an unknown topic id or no phrases', async () => {
    const rule = '    alsoWhen:\n      - phrases: [ngộ độc]\n        after: [giao-thongg]\n';
    const empty = await topicIssues('bệnh viện', `${rule}      - phrases: []\n`);
    expect(empty.map((i) => i.path)).toContain('topics[0].alsoWhen[1].phrases');
    const unknown = await topicIssues('bệnh viện', rule);
    expect(unknown[0]).toMatchObject({
      path: 'topics[0].alsoWhen[0].after[0]',
      message: 'unknown topic id "giao-thongg"',
    });
  });

  it('names the file, the entry path and the line for a bad url', async () => {
    const dir = setup({
      'feeds.yaml': feedsWith('  - id: d\n    name: D\n    url: ftp://d.vn/feed\n'),
    });
    const err = await configError(dir);
    expect(err.file).toBe(join(dir, 'feeds.yaml'));
    expect(err.issues).toEqual([
      { path: 'feeds[3].url', message: 'must be an http or https URL', line: 13 },
    ]);
    expect(err.message).toContain(
      `${join(dir, 'feeds.yaml')}:13: feeds[3].url: must be an http or https URL`,
    );
  });

  it('catches typos as unknown keys, missing fields and bad types', async () => {
    const dir = setup({
      'feeds.yaml': feedsWith(
        '  - id: d\n    nmae: D\n    url: https://d.vn\n    enabled: "yes"\n',
      ),
    });
    const err = await configError(dir);
    const byPath = Object.fromEntries(err.issues.map((i) => [i.path, i]));
    expect(byPath['feeds[3].nmae']).toMatchObject({ message: 'unknown key (a typo?)', line: 12 });
    expect(byPath['feeds[3].name']?.message).toMatch(/is required/);
    expect(byPath['feeds[3].enabled']?.message).toBe('must be a boolean');
  });

  it('rejects bad feed ids and duplicate ids', async () => {
    const bad = await configError(
      setup({ 'feeds.yaml': feedsWith('  - id: Hà_Nội\n    name: D\n    url: https://d.vn\n') }),
    );
    expect(bad.issues[0]).toMatchObject({
      path: 'feeds[3].id',
      message: expect.stringMatching(/\[a-z0-9-\]\+/),
    });
    current?.cleanup();
    const dup = await configError(
      setup({ 'feeds.yaml': feedsWith('  - id: b\n    name: D\n    url: https://d.vn\n') }),
    );
    expect(dup.issues).toEqual([
      {
        path: 'feeds[3].id',
        message: 'duplicate feed id "b" (first used at feeds[1].id)',
        line: 11,
      },
    ]);
  });

  it('requires link_selector for pages only, and checks it is a selector', async () => {
    const page = await configError(
      setup({
        'feeds.yaml': feedsWith('  - id: d\n    name: D\n    url: https://d.vn\n    type: page\n'),
      }),
    );
    expect(page.issues).toEqual([
      {
        path: 'feeds[3].link_selector',
        message: expect.stringMatching(/required when type is page/),
        line: 11,
      },
    ]);
    current?.cleanup();
    const rss = await configError(
      setup({
        'feeds.yaml': feedsWith(
          '  - id: d\n    name: D\n    url: https://d.vn\n    link_selector: h3 a\n',
        ),
      }),
    );
    expect(rss.issues[0]).toMatchObject({
      path: 'feeds[3].link_selector',
      message: expect.stringMatching(/only used with type: page/),
    });
    current?.cleanup();
    const sel = await configError(
      setup({
        'feeds.yaml': feedsWith(
          '  - id: d\n    name: D\n    url: https://d.vn\n    type: page\n    link_selector: "h3 a["\n',
        ),
      }),
    );
    expect(sel.issues[0]).toMatchObject({
      path: 'feeds[3].link_selector',
      message: expect.stringMatching(/not a valid CSS selector/),
    });
    current?.cleanup();
    const type = await configError(
      setup({
        'feeds.yaml': feedsWith('  - id: d\n    name: D\n    url: https://d.vn\n    type: atom\n'),
      }),
    );
    expect(type.issues[0]).toMatchObject({
      path: 'feeds[3].type',
      message: 'must be one of "rss", "page"',
    });
  });

  it('reports YAML syntax errors with file and line', async () => {
    const dir = setup({
      'feeds.yaml': 'feeds:\n  - id: a\n    name: "A\n    url: https://a.vn\n  - id: [b\n',
    });
    const err = await configError(dir);
    expect(err.file).toBe(join(dir, 'feeds.yaml'));
    expect(err.issues[0]?.message).toMatch(/^YAML syntax error/);
    expect(err.issues[0]?.line).toBeGreaterThanOrEqual(3);
    expect(err.message).toMatch(/feeds\.yaml:\d+: YAML syntax error/);
  });

  it('reports a missing feeds file, and an empty feeds file', async () => {
    const missing = await configError(setup({ 'feeds.yaml': null }));
    expect(missing.file).toMatch(/feeds\.yaml$/);
    expect(missing.issues).toEqual([{ path: '', message: 'file not found' }]);
    current?.cleanup();
    const empty = await configError(setup({ 'feeds.yaml': '' }));
    expect(empty.issues[0]?.message).toMatch(/must be a object|is required/);
  });

  it('falls back to the bundled topics and gazetteer when CONFIG_DIR holds only feeds.yaml', async () => {
    const dir = setup({ 'gazetteer.yaml': null, 'topics.yaml': null });
    const config = await loadConfig(dir);
    expect(config.topics.map((t) => t.id)).toContain('giao-thong');
    expect(config.gazetteer.wards.length).toBeGreaterThan(40);
  });

  it('rejects bad cron expressions and time zones in schedules and subscriptions', async () => {
    const cron = await configError(
      setup({ 'schedules.yaml': 'default_digest_cron: "0 25 * * *"\n' }),
    );
    expect(cron.file).toMatch(/schedules\.yaml$/);
    expect(cron.issues).toEqual([
      {
        path: 'default_digest_cron',
        message: expect.stringMatching(/25 is a invalid expression for hour/),
        line: 1,
      },
    ]);
    current?.cleanup();

    const sub = (extra: string): Record<string, string> => ({
      'subscriptions.yaml': `subscriptions:\n  - id: x\n    platform: telegram\n    chat_id: "-100123"\n${extra}`,
    });
    const fields = await configError(setup(sub('    schedule: "0 7 * *"\n')));
    expect(fields.issues[0]).toMatchObject({
      path: 'subscriptions[0].schedule',
      message: expect.stringMatching(/has 4 field\(s\); expected 5/),
      line: 5,
    });
    current?.cleanup();
    const tz = await configError(setup(sub('    timezone: Asia/Hanoi_City\n')));
    expect(tz.issues[0]).toMatchObject({
      path: 'subscriptions[0].timezone',
      message: expect.stringMatching(/not a known IANA time zone/),
    });
  });

  it('checks topic ids, duplicate targets and unquoted big chat ids in subscriptions', async () => {
    const dir = setup({
      'subscriptions.yaml': `subscriptions:
  - id: a
    platform: discord
    chat_id: 1234567890123456789
  - id: b
    platform: telegram
    chat_id: "-1"
    topics: [giao-thong, the-thao]
  - id: c
    platform: telegram
    chat_id: "-1"
`,
    });
    const err = await configError(dir);
    expect(err.issues[0]).toMatchObject({
      path: 'subscriptions[0].chat_id',
      message: expect.stringMatching(/quote it/),
    });
    current?.cleanup();
    const dir2 = setup({
      'subscriptions.yaml': `subscriptions:
  - id: b
    platform: telegram
    chat_id: "-1"
    topics: [giao-thong, the-thao]
  - id: c
    platform: telegram
    chat_id: "-1"
`,
    });
    const err2 = await configError(dir2);
    expect(err2.issues).toEqual([
      {
        path: 'subscriptions[1].chat_id',
        message: 'duplicate target "telegram:-1" (first used at subscriptions[0].chat_id)',
        line: 8,
      },
      {
        path: 'subscriptions[0].topics[1]',
        message: expect.stringMatching(/unknown topic id "the-thao"/),
        line: 5,
      },
    ]);
  });

  it('validates topics and the gazetteer shapes', async () => {
    const topics = await configError(
      setup({ 'topics.yaml': '- id: giao-thong\n  name: Giao thông\n  keywords: []\n' }),
    );
    expect(topics.issues[0]).toMatchObject({
      path: '[0].keywords',
      message: expect.stringMatching(/at least one keyword/),
    });
    current?.cleanup();
    const gaz = await configError(setup({ 'gazetteer.yaml': 'wards: [Láng]\n' }));
    expect(gaz.issues[0]).toMatchObject({
      path: 'communes',
      message: expect.stringMatching(/is required/),
    });
    current?.cleanup();
    const order = await configError(
      setup({ 'schedules.yaml': 'section_order: [giao-thong, the-thao]\n' }),
    );
    expect(order.issues).toEqual([
      {
        path: 'section_order[1]',
        message: expect.stringMatching(/unknown topic id "the-thao"/),
        line: 1,
      },
    ]);
  });
});

describe('the shipped config folder', () => {
  const shipped = resolve(import.meta.dirname, '..', '..', 'config');

  it('loads cleanly', async () => {
    const cfg = await loadConfig(shipped);
    expect(cfg.feeds.length).toBeGreaterThanOrEqual(10);
    expect(cfg.feeds.filter((f) => f.type === 'page').every((f) => f.linkSelector)).toBe(true);
    expect(cfg.schedules.sectionOrder).toEqual(cfg.topics.map((t) => t.id));
    expect(cfg.subscriptions).toEqual([]);
  });

  it('its commented subscription examples are valid once uncommented', async () => {
    const text = readFileSync(join(shipped, 'subscriptions.yaml'), 'utf8');
    const lines = text.split('\n');
    const start = lines.indexOf('# subscriptions:');
    expect(start).toBeGreaterThan(0);
    const examples: string[] = [];
    for (const line of lines.slice(start)) {
      if (!line.startsWith('#')) break;
      examples.push(line.replace(/^# ?/, ''));
    }
    const dir = setup({
      'feeds.yaml': readFileSync(join(shipped, 'feeds.yaml'), 'utf8'),
      'topics.yaml': readFileSync(join(shipped, 'topics.yaml'), 'utf8'),
      'gazetteer.yaml': readFileSync(join(shipped, 'gazetteer.yaml'), 'utf8'),
      'subscriptions.yaml': examples.join('\n'),
    });
    const cfg = await loadConfig(dir);
    expect(cfg.subscriptions.map((s) => s.id)).toEqual([
      'telegram-ban-tin-ha-noi',
      'discord-giao-thong',
    ]);
  });
});
