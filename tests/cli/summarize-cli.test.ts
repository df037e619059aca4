/**
 * The `summarize` CLI contract: spawned as a real process (the way independent
 * checks run it), plus in-process runs of the same command for the details.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runInProcess, type CliRun } from './in-process.js';
import {
  MalformedInputError,
  registerSummarizer,
  runSummarize,
} from '../../src/cli/commands/summarize.js';
import type { SummarizeCommandOptions } from '../../src/cli/commands/summarize.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const ward = {
  id: 'w1',
  title: 'Phường Láng lắp 120 bộ đèn chiếu sáng ngõ nhỏ',
  lead: 'CÂU SAPO RIÊNG CHỈ CÓ TRONG LEAD.',
  body: 'UBND phường Láng cho biết đã hoàn thành lắp đặt 120 bộ đèn chiếu sáng tại 35 ngõ trên địa bàn, tổng kinh phí 1,2 tỷ đồng. Người dân phấn khởi vì ngõ không còn tối. Phường sẽ tiếp tục lắp đèn cho các ngõ còn lại trong năm 2025.',
};
const gaza = {
  id: 'g1',
  title: 'Israel tiếp tục không kích Dải Gaza',
  body: 'Quân đội Israel ngày 5/3 tiếp tục không kích nhiều khu vực ở Dải Gaza, khiến 40 người thiệt mạng. Hamas kêu gọi Ai Cập và Qatar can thiệp. Liên hợp quốc cảnh báo khủng hoảng nhân đạo ở Gaza ngày càng trầm trọng.',
};

type Run = CliRun;

async function run(opts: Partial<SummarizeCommandOptions> & { input: string }): Promise<Run> {
  return runInProcess('summarize', (ctx) =>
    runSummarize(ctx, {
      maxChars: 280,
      useLead: false,
      config: join(root, 'config'),
      summarizer: 'extractive',
      ...opts,
    }),
  );
}

const lines = jsonLines;

let dir = '';
let input = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'summarize-cli-'));
  input = join(dir, 'in.jsonl');
  writeFileSync(input, `${JSON.stringify(ward)}\n${JSON.stringify(gaza)}\n`);
});

describe('summarize (in process)', () => {
  it('answers "article": false with an empty summary for a tag or listing page, and only then', async () => {
    const tag = {
      id: 't1',
      title: 'Tin tức giao thông Hà Nội mới nhất trên Báo Mới',
      body: [
        'Hà NộiPhân luồng giao thông phục vụ thi công cầu vượt',
        'Giao thôngXe buýt điện chạy thêm 5 tuyến mới',
        'Đô thịCấm xe tải trên 20 tuyến phố nội đô',
        '2 giờ trước',
      ].join('\n'),
    };
    const file = join(dir, 'tag.jsonl');
    writeFileSync(file, `${JSON.stringify(tag)}\n${JSON.stringify(ward)}\n`);
    const r = await run({ input: file });
    expect(r.error).toBeNull();
    const [page, article] = lines(r.out);
    expect(page).toMatchObject({ id: 't1', summary: '', highlights: [], article: false });
    expect(article?.['id']).toBe('w1');
    expect(article && 'article' in article).toBe(false);
  });

  it('writes one line per input, in order, with exactly the contract fields', async () => {
    const r = await run({ input });
    expect(r.error).toBeNull();
    const out = lines(r.out);
    expect(out.map((o) => o['id'])).toEqual(['w1', 'g1']);
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual([
        'hanoi',
        'highlights',
        'id',
        'summarizer',
        'summary',
        'topics',
      ]);
      expect(o['summarizer']).toBe('extractive');
      expect(typeof o['summary']).toBe('string');
      expect((o['summary'] as string).length).toBeGreaterThan(0);
      for (const h of o['highlights'] as {
        start: number;
        end: number;
        text: string;
        kind: string;
      }[]) {
        expect((o['summary'] as string).slice(h.start, h.end)).toBe(h.text);
        expect(typeof h.kind).toBe('string');
      }
      expect(Array.isArray(o['topics'])).toBe(true);
    }
    expect(out[0]?.['hanoi']).toBe(true);
    expect(out[1]?.['hanoi']).toBe(false);
    // Foreign politics is no civic topic (LABELS.md rule 14).
    expect(out[1]?.['topics']).toEqual([]);
  });

  it('ignores the lead unless --use-lead is given', async () => {
    const without = lines((await run({ input })).out)[0]?.['summary'] as string;
    expect(without).not.toContain('CÂU SAPO');
    const withLead = lines((await run({ input, useLead: true })).out)[0]?.['summary'] as string;
    expect(withLead).toContain('CÂU SAPO');
  });

  it('reads the sapo for topics and Hà Nội relevance even without --use-lead', async () => {
    const sapoOnly = join(dir, 'sapo-only.jsonl');
    const article = {
      id: 'sapo-only',
      title: 'Khai trương tuyến xe buýt mới',
      lead: 'Sở Giao thông vận tải Hà Nội đưa tuyến buýt nối quận Long Biên với quận Hoàn Kiếm vào khai thác.',
      body: 'Tuyến có 24 điểm dừng, giá vé 7.000 đồng mỗi lượt. Xe chạy từ 5 giờ đến 21 giờ hằng ngày.',
    };
    writeFileSync(sapoOnly, `${JSON.stringify(article)}\n`);
    const [o] = lines((await run({ input: sapoOnly })).out);
    expect(o?.['hanoi']).toBe(true);
    expect(o?.['summary']).not.toContain('Long Biên');
  });

  it('keeps summaries within --max-chars', async () => {
    for (const o of lines((await run({ input, maxChars: 60 })).out))
      expect((o['summary'] as string).length).toBeLessThanOrEqual(60);
  });

  it('reports a malformed line by number, goes on with the rest, and fails at the end', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      `${JSON.stringify(ward)}\n{"id": "x", "title": \n\n${JSON.stringify({ id: 'y', title: 'T' })}\n${JSON.stringify(gaza)}\n`,
    );
    const r = await run({ input: bad });
    expect(lines(r.out).map((o) => o['id'])).toEqual(['w1', 'g1']);
    expect(r.err).toMatch(/line 2: not valid JSON/);
    expect(r.err).toMatch(/line 4: missing "body"/);
    expect(r.error).toBeInstanceOf(MalformedInputError);
    expect((r.error as MalformedInputError).lines).toEqual([2, 4]);
  });

  it('writes to --output instead of stdout', async () => {
    const output = join(dir, 'out.jsonl');
    const r = await run({ input, output });
    expect(r.out).toBe('');
    expect(lines(readFileSync(output, 'utf8')).map((o) => o['id'])).toEqual(['w1', 'g1']);
  });

  it('refuses an unknown summarizer and a missing input file with clear errors', async () => {
    expect(String((await run({ input, summarizer: 'nope' })).error)).toMatch(
      /unknown summarizer "nope" \(available: extractive/,
    );
    expect(String((await run({ input: join(dir, 'missing.jsonl') })).error)).toMatch(
      /--input: cannot read .*missing\.jsonl \(ENOENT\)/,
    );
  });

  it('lets another summarizer plug in by name', async () => {
    registerSummarizer('fake', () => ({
      name: 'fake',
      summarize: (i) =>
        Promise.resolve({ text: `tóm tắt ${i.id}`, highlights: [], summarizer: 'llm', model: 'm' }),
    }));
    const out = lines((await run({ input, summarizer: 'fake' })).out);
    expect(out.map((o) => [o['summary'], o['summarizer']])).toEqual([
      ['tóm tắt w1', 'llm'],
      ['tóm tắt g1', 'llm'],
    ]);
  });
});
