/** `gather --feed unknown` and `digest --topics unknown` are refused before any work, like other bad input. */
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import * as digest from '../../src/cli/commands/digest.js';
import * as gather from '../../src/cli/commands/gather.js';
import type { CliContext } from '../../src/cli/context.js';
import { createStores, type SqlStores } from '../../src/store/index.js';

let stores: SqlStores;
let gathered = 0;
let closed = 0;

beforeEach(async () => {
  stores = await createStores('sqlite::memory:');
  await stores.feeds.upsert(
    { id: 'bao-a', name: 'A', url: 'https://a.vn/rss', type: 'rss', enabled: true },
    'config',
  );
  gathered = 0;
  closed = 0;
});
afterEach(async () => {
  await stores.close();
});

function program(): Command {
  const app = {
    stores,
    config: { topics: [{ id: 'giao-thong' }, { id: 'y-te' }] },
    gatherer: {
      gather: () => {
        gathered += 1;
        return Promise.resolve({ feeds: [], startedAt: new Date(), finishedAt: new Date() });
      },
    },
    news: {
      digest: () => Promise.reject(new Error('must not compose')),
    },
    close: () => Promise.resolve(void closed++),
  } as unknown as App;
  const ctx: CliContext = {
    openApp: () => Promise.resolve(app),
    out: new PassThrough(),
    err: new PassThrough(),
  };
  const cmd = new Command().exitOverride();
  gather.register(cmd, ctx);
  digest.register(cmd, ctx);
  return cmd;
}

describe('unknown ids on the command line', () => {
  it('gather --feed unknown: what failed and the fix; nothing is fetched', async () => {
    await expect(
      program().parseAsync(['node', 'cli', 'gather', '--feed', 'bao-a', 'khong-co']),
    ).rejects.toThrow('--feed: no feed with id "khong-co"; run `feeds list` for the ids');
    expect(gathered).toBe(0);
    expect(closed).toBe(1);
  });

  it('digest --topics unknown: names the known topics; nothing is gathered', async () => {
    await expect(
      program().parseAsync([
        'node',
        'cli',
        'digest',
        '--topics',
        'giao-thong,thoi-tiet',
        '--dry-run',
      ]),
    ).rejects.toThrow(
      '--topics: unknown topic "thoi-tiet"; use ids from topics.yaml: giao-thong, y-te',
    );
    expect(gathered).toBe(0);
    expect(closed).toBe(1);
  });
});
