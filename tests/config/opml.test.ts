/**
 * OPML: an export imported again is the same feed list, field for field;
 * the CLI previews before applying; foreign OPML imports as RSS feeds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportFeeds, importFeeds } from '../../src/cli/commands/feeds-io.js';
import { feedsToOpml, OpmlError, parseOpml, planImport } from '../../src/digest/gather/index.js';
import type { FeedConfig } from '../../src/digest/model.js';
import { createStores, type SqlStores } from '../../src/store/index.js';

const FEEDS: FeedConfig[] = [
  {
    id: 'hanoimoi-do-thi',
    name: 'Hà Nội Mới – "Đô thị" & <Quy hoạch>',
    url: 'https://hanoimoi.vn/rss/do-thi.rss',
    type: 'rss',
    enabled: true,
  },
  {
    id: 'phunuthudo-thoi-su',
    name: 'Phụ nữ Thủ đô – Thời sự',
    url: 'https://phunuthudo.vn/thoi-su.htm?trang=1&loai=2',
    type: 'page',
    linkSelector: 'h2 a[href$=".html"], h3 > a',
    enabled: false,
    filters: { include: ['Hà Nội', 'giao "thông"'], exclude: ['bóng đá, thể thao'] },
  },
  {
    id: 'vnexpress-thoi-su',
    name: 'VnExpress – Thời sự',
    url: 'https://vnexpress.net/rss/thoi-su.rss',
    type: 'rss',
    enabled: true,
    filters: { include: [], exclude: ['xổ số'] },
  },
];

function sink(): NodeJS.WritableStream & { text(): string } {
  const s = new PassThrough();
  let buf = '';
  s.on('data', (c: Buffer) => (buf += c.toString('utf8')));
  return Object.assign(s, { text: () => buf });
}
const noGatherer = {
  check: () => Promise.reject(new Error('import must not fetch')),
};

describe('OPML', () => {
  it('round-trips every field of ours exactly', () => {
    const parsed = parseOpml(feedsToOpml(FEEDS));
    expect(parsed.problems).toEqual([]);
    expect(parsed.feeds).toEqual(FEEDS);
  });

  it('reads foreign OPML (nested categories, no hd: fields) as enabled RSS feeds', () => {
    const foreign = `<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
      <outline text="Tin Việt"><outline text="Dân trí" type="rss" xmlUrl="https://dantri.com.vn/rss/xa-hoi.rss"/>
      <outline text="hỏng" type="rss" xmlUrl="ftp://x"/></outline></body></opml>`;
    const p = parseOpml(foreign);
    expect(p.feeds).toEqual([
      {
        id: 'dantri-com-vn-rss-xa-hoi',
        name: 'Dân trí',
        url: 'https://dantri.com.vn/rss/xa-hoi.rss',
        type: 'rss',
        enabled: true,
      },
    ]);
    expect(p.problems).toEqual([{ outline: 'hỏng', problem: '"ftp://x" is not an http(s) URL' }]);
    expect(() => parseOpml('<opml><body>')).toThrow(OpmlError);
    expect(() => parseOpml('<?xml version="1.0"?><rss/>')).toThrow(/no <opml> root/);
  });

  it('plans: new ids added, admin feeds updated, feeds.yaml ones and known URLs skipped', () => {
    const [a, b, c] = FEEDS as [FeedConfig, FeedConfig, FeedConfig];
    const plan = planImport({ feeds: [a, b, c, { ...a, id: 'trung-url' }], problems: [] }, [
      { ...a, origin: 'admin' },
      { ...b, name: 'Cũ', origin: 'admin' },
      { ...c, name: 'Cũ', origin: 'config' },
    ]);
    expect(plan.unchanged.map((f) => f.id)).toEqual(['hanoimoi-do-thi']);
    expect(plan.update.map((f) => f.id)).toEqual(['phunuthudo-thoi-su']);
    expect(plan.add).toEqual([]);
    expect(plan.skipped.map((s) => s.problem)).toEqual([
      '"vnexpress-thoi-su" is listed in feeds.yaml; change it there',
      'https://hanoimoi.vn/rss/do-thi.rss is already feed "hanoimoi-do-thi"',
    ]);
  });
});

describe('feeds export > FILE.opml; feeds import FILE.opml [--yes]', () => {
  let from: SqlStores;
  let to: SqlStores;
  let dir: string;
  beforeEach(async () => {
    from = await createStores('sqlite::memory:');
    to = await createStores('sqlite::memory:');
    dir = await mkdtemp(join(tmpdir(), 'hd-opml-'));
  });
  afterEach(async () => {
    await from.close();
    await to.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('an export imported into an empty store gives the same feeds, after a preview', async () => {
    for (const f of FEEDS) await from.feeds.upsert(f, 'admin');
    // An admin change on a config feed is exported as the feed in effect.
    await from.feeds.upsert(
      { id: 'cfg', name: 'Tên gốc', url: 'https://a.vn/rss', type: 'rss', enabled: true },
      'config',
    );
    await from.feeds.rename('cfg', 'Tên mới');
    await from.feeds.setEnabled('cfg', false);
    const out = sink();
    await exportFeeds({ feeds: from.feeds, gatherer: noGatherer, out });
    const file = join(dir, 'feeds.opml');
    await writeFile(file, out.text());

    const preview = sink();
    await importFeeds({ feeds: to.feeds, gatherer: noGatherer, out: preview }, file, false);
    expect(preview.text()).toContain('4 to add, 0 to update, 0 unchanged, 0 skipped');
    expect(preview.text()).toContain('run again with --yes to apply');
    expect(await to.feeds.list()).toEqual([]);

    const applied = sink();
    await importFeeds({ feeds: to.feeds, gatherer: noGatherer, out: applied }, file, true);
    expect(applied.text()).toContain('imported: 4 to add');
    expect(await to.feeds.list()).toEqual(await from.feeds.list());

    // Importing again changes nothing.
    const again = sink();
    await importFeeds({ feeds: to.feeds, gatherer: noGatherer, out: again }, file, true);
    expect(again.text()).toContain('0 to add, 0 to update, 4 unchanged');
  });

  it('a file that is not OPML: what failed and the fix, nothing stored', async () => {
    const file = join(dir, 'x.opml');
    await writeFile(file, '<html><body>không phải OPML</body></html>');
    await expect(
      importFeeds({ feeds: to.feeds, gatherer: noGatherer, out: sink() }, file, true),
    ).rejects.toThrow(/is not OPML we can read: no <opml> root element\. Fix: export it again/);
    await expect(
      importFeeds({ feeds: to.feeds, gatherer: noGatherer, out: sink() }, join(dir, 'nope'), true),
    ).rejects.toThrow(/cannot read .*nope \(ENOENT\)\. Fix: check the path/);
  });
});
