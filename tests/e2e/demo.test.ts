/** `npm run demo`: the main job on embedded defaults, offline, as a new user runs it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/commands/demo.js';
import type { CliContext } from '../../src/cli/context.js';
import type { DigestDocument } from '../../src/digest/model.js';
import { openApp } from '../../src/main.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('npm run demo', () => {
  let dir = '';
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gathers the bundled sample feeds from loopback and writes every rendering plus the preview', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hd-demo-'));
    const out = capture();
    const err = capture();
    const ctx: CliContext = {
      openApp: (o = {}) => openApp({ ...o, env: { ...(o.env ?? {}), LOG_LEVEL: 'silent' } }),
      out: out.stream,
      err: err.stream,
    };
    const { preview } = await runDemo(ctx, { out: dir, color: false });

    expect(preview).toBe(join(dir, 'preview.html'));
    expect(err.text()).toMatch(/open the preview in a browser: .*preview\.html/);
    const terminal = out.text();
    expect(terminal).toMatch(/^Bản tin Hà Nội — /m);
    // Two outlets' reports of the flood are one item with both sources.
    expect(terminal).toMatch(/Hà Nội Mới \(mẫu\).*VnExpress \(mẫu\)/);
    // The TP.HCM metro story is not Hà Nội civic news.
    expect(terminal).not.toContain('Bến Thành');

    const doc = JSON.parse(readFileSync(join(dir, 'digest.json'), 'utf8')) as DigestDocument;
    expect(doc.counts.items).toBeGreaterThanOrEqual(8);
    const html = readFileSync(preview, 'utf8');
    expect(html).toContain('<html lang="vi">');
    expect(html).not.toMatch(/<script/i);
    expect(readdirSync(join(dir, 'telegram')).length).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'discord')).length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'demo.db'))).toBe(true);
  }, 60_000);
});
