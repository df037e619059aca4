/** The `group` CLI contract: `{"id","group"}` per input line, in order; group = id of the group's first article. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runInProcess, type CliRun } from './in-process.js';
import { runGroup } from '../../src/cli/commands/group.js';
import type { GroupCommandOptions } from '../../src/cli/commands/group.js';
import type { MalformedInputError } from '../../src/cli/commands/summarize.js';

const docs = [
  {
    id: 'd1',
    title: 'EVN tăng giá bán lẻ điện bình quân thêm 4,8%',
    body: 'Từ 11/10, giá bán lẻ điện bình quân tăng 4,8%, theo quyết định của Tập đoàn Điện lực Việt Nam (EVN). Với hộ dùng 200 kWh mỗi tháng, tiền điện tăng khoảng 30.000 đồng. EVN nói chi phí sản xuất điện tăng cao là lý do điều chỉnh giá.',
    publishedAt: '2024-10-11T03:00:00Z',
  },
  {
    id: 'x1',
    title: 'Lễ hội làng Vạn Phúc thu hút du khách',
    body: 'Lễ hội truyền thống làng lụa Vạn Phúc diễn ra với nhiều trò chơi dân gian. Du khách thích thú xem rước kiệu và thi dệt lụa. Ban tổ chức cho biết lễ hội năm nay đông vui hơn mọi năm.',
  },
  {
    id: 'd2',
    title: 'Giá điện sinh hoạt tăng 4,8% từ hôm nay',
    body: 'Tập đoàn Điện lực Việt Nam điều chỉnh giá bán lẻ điện bình quân tăng 4,8%. Mức giá mới áp dụng từ ngày 11/10. Hộ gia đình dùng 200 kWh mỗi tháng sẽ trả thêm khoảng 30.000 đồng. EVN cho biết việc tăng giá nhằm bù đắp chi phí sản xuất điện.',
    publishedAt: '11/10/2024 09:30',
  },
];

const lines = jsonLines;

async function run(opts: Partial<GroupCommandOptions> & { input: string }): Promise<CliRun> {
  return runInProcess('group', (ctx) => runGroup(ctx, { useLead: false, ...opts }));
}

let dir = '';
let input = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'group-cli-'));
  input = join(dir, 'in.jsonl');
  writeFileSync(input, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
});

describe('group (in process)', () => {
  it('writes {"id","group"} per input in order; one story shares the id of its first article', async () => {
    const r = await run({ input });
    expect(r.error).toBeNull();
    expect(lines(r.out)).toEqual([
      { id: 'd1', group: 'd1' },
      { id: 'x1', group: 'x1' },
      { id: 'd2', group: 'd1' },
    ]);
  });

  it('writes to --output', async () => {
    const output = join(dir, 'out.jsonl');
    await run({ input, output });
    expect(lines(readFileSync(output, 'utf8')).map((o) => o['group'])).toEqual(['d1', 'x1', 'd1']);
  });

  it('reports malformed lines and duplicate ids, groups the rest, and fails at the end', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      [JSON.stringify(docs[0]), '[1,2]', JSON.stringify(docs[2]), JSON.stringify(docs[0])].join(
        '\n',
      ),
    );
    const r = await run({ input: bad });
    expect(lines(r.out)).toEqual([
      { id: 'd1', group: 'd1' },
      { id: 'd2', group: 'd1' },
    ]);
    expect(r.err).toMatch(/line 2: expected a JSON object/);
    expect(r.err).toMatch(/line 4: duplicate id "d1" \(first on line 1\)/);
    expect((r.error as MalformedInputError).lines).toEqual([2, 4]);
  });
});

describe('group: publication times and background', () => {
  const evn = (id: string, published: string) => ({
    id,
    title: docs[0]?.title,
    body: docs[0]?.body,
    published,
  });
  const write = (name: string, rows: object[]): string => {
    const f = join(dir, name);
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return f;
  };

  it('reads `published` as ISO 8601, "dd/mm/yyyy hh:mm" and "Thứ tư, 7/2/2024, 23:41 (GMT+7)"', async () => {
    // All three within 72 h of each other: one story.
    const near = write('near.jsonl', [
      evn('iso', '2024-02-07T10:00:00Z'),
      evn('dmy', '08/02/2024 09:30'),
      evn('vn', 'Thứ tư, 7/2/2024, 23:41 (GMT+7)'),
    ]);
    const r = await run({ input: near });
    expect(lines(r.out).map((o) => o['group'])).toEqual(['iso', 'iso', 'iso']);
    // The Vietnamese form read as a date: 7/2 vs 17/2 is outside the window.
    const far = write('far.jsonl', [
      evn('vn', 'Thứ tư, 7/2/2024, 23:41 (GMT+7)'),
      evn('dmy', '17/02/2024 09:30'),
    ]);
    expect(lines((await run({ input: far })).out).map((o) => o['group'])).toEqual(['vn', 'dmy']);
  });

  it('takes the window from --window-hours', async () => {
    const f = write('window.jsonl', [
      evn('a', '2024-02-07T00:00:00Z'),
      evn('b', '2024-02-08T06:00:00Z'),
    ]);
    expect(lines((await run({ input: f })).out).map((o) => o['group'])).toEqual(['a', 'a']);
    const r = await run({ input: f, windowHours: 24 });
    expect(lines(r.out).map((o) => o['group'])).toEqual(['a', 'b']);
  });

  it('weighs terms with a --background file, so a batch is not its own IDF', async () => {
    // Two different price stories that share their theme's words: with a
    // background where those words are common, they stay apart.
    const gas = {
      id: 'gas',
      title: 'Giá xăng tăng từ chiều nay',
      body: 'Liên bộ Công Thương - Tài chính điều chỉnh giá bán lẻ xăng dầu. Giá xăng tăng, người dân lo chi phí đi lại. Giá bán lẻ xăng dầu được điều chỉnh theo kỳ.',
    };
    const rice = {
      id: 'rice',
      title: 'Giá gạo tăng trong tuần',
      body: 'Giá bán lẻ gạo tại các chợ tăng trong tuần qua. Người dân lo chi phí sinh hoạt. Giá bán lẻ gạo được điều chỉnh theo mùa vụ.',
    };
    const input = write('prices.jsonl', [gas, rice]);
    const common = Array.from({ length: 40 }, (_, i) => ({
      id: `bg${i}`,
      title: `Giá bán lẻ mặt hàng ${i} tăng`,
      body: 'Giá bán lẻ tăng, người dân lo chi phí sinh hoạt và chi phí đi lại. Giá được điều chỉnh theo kỳ.',
    }));
    const background = write('background.jsonl', common);
    const alone = lines((await run({ input })).out).map((o) => o['group']);
    const withBg = lines((await run({ input, background })).out).map((o) => o['group']);
    expect(withBg).toEqual(['gas', 'rice']);
    // The background made the difference (the batch alone sees shared rare words).
    expect(alone).toEqual(['gas', 'gas']);
  });
});
