/** `feeds check --all [--file feeds.yaml]`: every feed checked; a file's entries marked checked: true/false. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { checkAllFeeds } from '../../src/cli/commands/feeds-io.js';
import type { FeedCheckReport, Gatherer } from '../../src/digest/gather/types.js';
import { createStores, type SqlStores } from '../../src/store/index.js';

let stores: SqlStores;
let dir: string;
beforeEach(async () => {
  stores = await createStores('sqlite::memory:');
  dir = await mkdtemp(join(tmpdir(), 'hd-check-'));
});
afterEach(async () => {
  await stores.close();
  await rm(dir, { recursive: true, force: true });
});

const gatherer: Pick<Gatherer, 'check'> = {
  check: (feed) =>
    Promise.resolve<FeedCheckReport>(
      feed.url.includes('hong')
        ? {
            url: feed.url,
            format: null,
            title: null,
            itemCount: 0,
            newest: null,
            errors: ['trang không tồn tại (lỗi 404)'],
            failure: {
              kind: 'not-found',
              text: 'trang không tồn tại (lỗi 404)',
              advice: '',
              status: 404,
            },
          }
        : { url: feed.url, format: 'rss', title: 'T', itemCount: 12, newest: null, errors: [] },
    ),
};

it('checks a file, marks each entry, keeps its comments, and fails when one fails', async () => {
  const file = join(dir, 'feeds.example.yaml');
  await writeFile(
    file,
    `# Nguồn mẫu
feeds:
  # một nguồn tốt
  - id: tot
    name: Tốt
    url: https://tot.vn/rss
    checked: false
  - id: hong
    name: Hỏng
    url: https://hong.vn/tin
    type: page
    link_selector: h3 a
    checked: false
`,
  );
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString('utf8')));
  await expect(checkAllFeeds({ feeds: stores.feeds, gatherer, out }, file)).rejects.toThrow(
    'feeds check --all: 1 feed(s) failed. Fix: apply the fix shown on each FAILED line',
  );
  expect(text).toMatch(/^tot\s+ok\s+12 items$/m);
  expect(text).toMatch(
    /^hong\s+FAILED\s+trang không tồn tại \(lỗi 404\) — fix: open the address in a browser/m,
  );
  const after = await readFile(file, 'utf8');
  expect(after).toContain('# một nguồn tốt');
  expect(after).toMatch(/id: tot[\s\S]*checked: true[\s\S]*id: hong[\s\S]*checked: false/);
});
