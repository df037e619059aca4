import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import { formatFeedLine, gatherWithProgress } from '../../src/cli/commands/gather.js';
import type { GatherOptions, GatherReport } from '../../src/digest/gather/types.js';

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('gather command output', () => {
  it('prints one line per feed with counts and time, and progress on stderr', async () => {
    const report: GatherReport = {
      startedAt: new Date('2026-08-19T05:00:00Z'),
      finishedAt: new Date('2026-08-19T05:00:02.500Z'),
      feeds: [
        {
          feedId: 'vnexpress-thoi-su',
          new: 3,
          seen: 27,
          failed: 0,
          notModified: false,
          ms: 1234,
          error: null,
        },
        { feedId: 'hanoimoi', new: 0, seen: 0, failed: 0, notModified: true, ms: 80, error: null },
        {
          feedId: 'broken',
          new: 0,
          seen: 0,
          failed: 1,
          notModified: false,
          ms: 15,
          error: 'HttpStatusError: HTTP 500 for http://x/',
        },
      ],
    };
    let asked: GatherOptions | undefined;
    const app = {
      gatherer: {
        async gather(opts?: GatherOptions) {
          asked = opts;
          report.feeds.forEach((f, i) =>
            opts?.onProgress?.({
              feedId: f.feedId,
              done: i + 1,
              total: report.feeds.length,
              report: f,
            }),
          );
          return report;
        },
        async check() {
          throw new Error('not used');
        },
      },
    } as unknown as App;
    const out = sink();
    const err = sink();
    await gatherWithProgress(
      app,
      { feedIds: ['vnexpress-thoi-su'] },
      { out: out.stream, err: err.stream },
    );
    expect(asked?.feedIds).toEqual(['vnexpress-thoi-su']);
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^vnexpress-thoi-su\s+new\s+3\s+seen\s+27\s+failed\s+0\s+1\.2 s$/);
    expect(lines[1]).toMatch(/not modified/);
    expect(lines[2]).toMatch(/failed\s+1 .*error: HttpStatusError: HTTP 500/);
    expect(lines[3]).toBe('total: 3 feeds, new 3, seen 27, failed 1, 2.5 s');
    expect(err.text().trim().split('\n')).toEqual([
      '[1/3] vnexpress-thoi-su: 3 new',
      '[2/3] hanoimoi: 0 new',
      '[3/3] broken: failed',
    ]);
  });

  it('formats a line', () => {
    expect(
      formatFeedLine(
        { feedId: 'a', new: 1, seen: 2, failed: 0, notModified: false, ms: 50, error: null },
        4,
      ),
    ).toBe('a     new   1  seen   2  failed  0    0.1 s');
  });
});
