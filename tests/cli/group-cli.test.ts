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
