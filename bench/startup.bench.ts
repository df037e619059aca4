/**
 * Startup and steady-state cost (issue 14):
 * - time to ready ("hanoi-digest is running") and RSS of `npm start` (the
 *   built JS under plain node) on an empty store and on 5,000 stored
 *   articles, against the same start through tsx (`npm run start:dev`);
 * - CLI `--help` wall and CPU time, built JS and tsx;
 * - CPU of one gather tick that finds one new article, with 20,000 articles
 *   in the window: the service's tick now (analyse what was found) against
 *   the old tick (regroup the whole window), and the new article's own
 *   analysis for reference.
 * Feeds are the offline demo's, served on 127.0.0.1; articles are synthetic.
 * Targets: ready < 3 s on an empty store; `--help` < 0.5 s CPU; a tick with
 * one new article costs no more than its own analysis.
 * `STARTUP_TICK_ARTICLES=5000 npm run bench -- startup` is a quicker run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { writeDemoConfig, loadSampleSet, startDemoServer } from '../src/demo/index.js';
import { createClassifier } from '../src/digest/classify/index.js';
import { createNewsService } from '../src/digest/compose/index.js';
import type { Article } from '../src/digest/model.js';
import { createExtractiveSummarizer } from '../src/digest/summarize/index.js';
import { createStores } from '../src/store/index.js';

export const name = 'startup';

const WORDS = [
  'Hà Nội',
  'thông xe',
  'cầu vượt',
  'nút giao',
  'phường',
  'Hoàn Kiếm',
  'Cầu Giấy',
  'ùn tắc',
  'giao thông',
  'người dân',
  'bệnh viện',
  'trường học',
  'quy hoạch',
  'ngập',
  'mưa lớn',
  'dự án',
  'đường sắt đô thị',
  'UBND thành phố',
  'công trình',
  'môi trường',
  'rác thải',
  'xe buýt',
  'học sinh',
  'tuyến phố',
  'vỉa hè',
  'cây xanh',
  'điện',
  'nước sạch',
  'chợ',
];

function syntheticArticle(i: number, fetchedAt: Date): Article {
  let seed = i * 2654435761;
  const pick = (): string => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return WORDS[seed % WORDS.length]!;
  };
  const sentence = (): string =>
    `${pick()} ${pick()} ${pick()} ${(seed % 90) + 10} tỷ đồng ${pick()} ${pick()}.`;
  const title = `${pick()} ${pick()} ${pick()} số ${i}`;
  const body = Array.from({ length: 8 }, sentence).join(' ');
  return {
    id: `syn-${i}`,
    feedId: 'synthetic',
    source: 'Tổng hợp',
    dedupKey: `url:https://example.vn/${i}`,
    url: `https://example.vn/${i}.html`,
    publishedAt: fetchedAt,
    fetchedAt,
    author: null,
    contentHash: createHash('sha256')
      .update(title + body)
      .digest('hex'),
    fresh: true,
    title,
    lead: sentence(),
    body,
  };
}

async function seedStore(url: string, n: number): Promise<void> {
  const stores = await createStores(url);
  const now = Date.now();
  for (let i = 0; i < n; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - i) }, (_, k) =>
      syntheticArticle(i + k, new Date(now - ((i + k) % 1200) * 60_000)),
    );
    await stores.articles.insertNew(batch);
  }
  await stores.close();
}

function rssOfTreeKb(pid: number): number {
  // tsx runs the program in a child process: count the whole tree.
  let total = 0;
  const visit = (p: number): void => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      return;
    }
    const kids = spawnSync('pgrep', ['-P', String(p)], { encoding: 'utf8' }).stdout;
    for (const k of kids.split('\n').filter(Boolean)) visit(Number(k));
  };
  visit(pid);
  return total;
}

async function timeToReady(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ readyMs: number; rssMb: number; exitCode: number | null }> {
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const readyMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 180 s:\n${err}`)), 180_000);
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString('utf8');
      if (err.includes('hanoi-digest is running')) {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before ready:\n${err}`));
    });
  });
  const rssMb = rssOfTreeKb(child.pid!) / 1024;
  child.removeAllListeners('exit');
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return { readyMs, rssMb, exitCode: await exited };
}

function timed(cmd: string, args: string[]): { wall: number; cpu: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', cmd, ...args], { encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, user, sys] = last.split(' ').map(Number);
  return { wall: wall ?? NaN, cpu: (user ?? NaN) + (sys ?? NaN) };
}

function cpuMs(f: () => Promise<unknown>): Promise<number> {
  const t = process.cpuUsage();
  return f().then(() => {
    const d = process.cpuUsage(t);
    return (d.user + d.system) / 1000;
  });
}

export async function run(): Promise<void> {
  if (!existsSync('dist/main.js')) {
    console.log('dist/ missing: npm run build');
    spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  }
  const tsx = join('node_modules', '.bin', 'tsx');
  const samples = await loadSampleSet(join('fixtures', 'demo', 'articles.json'));
  const web = await startDemoServer({ samples });
  /** A full-length article (the demo's own samples) arriving at `at`. */
  const realistic = (k: number, at: Date): Article => {
    const s = samples.articles[k % samples.articles.length]!;
    const base = syntheticArticle(1_000_000 + k, at);
    const body = s.paragraphs.join('\n\n');
    return {
      ...base,
      title: `${s.title} (${k})`,
      lead: s.lead,
      body,
      contentHash: createHash('sha256').update(`${k}${s.title}${body}`).digest('hex'),
    };
  };
  const dir = await mkdtemp(join(tmpdir(), 'hd-startup-'));
  try {
    await writeDemoConfig(dir, web.feeds, []);
    const env = (db: string): Record<string, string> => ({
      CONFIG_DIR: dir,
      DATABASE_URL: `sqlite:${db}`,
      FETCH_ALLOW_PRIVATE: web.hostPort,
      LOG_LEVEL: 'info',
      SUMMARIZER: 'extractive',
      TELEGRAM_BOT_TOKEN: '',
      DISCORD_BOT_TOKEN: '',
      CI: '1',
    });

    console.log('\nnpm start: time to ready and RSS (first gather of the demo feeds included)');
    console.log('store      runner                ready      RSS       exit after SIGTERM');
    for (const [label, articles] of [
      ['empty', 0],
      ['5,000', 5_000],
    ] as const) {
      for (const [runner, cmd, args] of [
        ['node dist/main.js', process.execPath, ['dist/main.js']],
        ['tsx src/main.ts', tsx, ['src/main.ts']],
      ] as const) {
        const db = join(dir, `${label}-${runner.split(' ')[0]}.db`);
        if (articles) await seedStore(`sqlite:${db}`, articles);
        const r = await timeToReady(cmd, [...args], env(db));
        console.log(
          `${label.padEnd(10)} ${runner.padEnd(20)} ${(r.readyMs / 1000).toFixed(2).padStart(6)} s ${r.rssMb.toFixed(0).padStart(6)} MB   ${r.exitCode}`,
        );
      }
    }

    console.log('\nCLI --help');
    for (const [runner, cmd, args] of [
      ['node dist/cli/index.js', process.execPath, ['dist/cli/index.js', '--help']],
      ['tsx src/cli/index.ts', tsx, ['src/cli/index.ts', '--help']],
    ] as const) {
      const t = timed(cmd, [...args]);
      console.log(`${runner.padEnd(24)} wall ${t.wall.toFixed(2)} s   CPU ${t.cpu.toFixed(2)} s`);
    }

    const n = Number(process.env['STARTUP_TICK_ARTICLES'] ?? 20_000);
    console.log(
      `\nGather tick with one new article, ${n.toLocaleString('en')} articles in the window`,
    );
    const stores = await createStores('sqlite::memory:');
    const now = Date.now();
    const all = Array.from({ length: n }, (_, i) =>
      syntheticArticle(i, new Date(now - (i % 1200) * 60_000)),
    );
    for (let i = 0; i < n; i += 2000) await stores.articles.insertNew(all.slice(i, i + 2000));
    const config = await loadConfig(dir);
    const classifier = createClassifier({ topics: config.topics, gazetteer: config.gazetteer });
    const news = createNewsService({
      stores,
      summarizer: createExtractiveSummarizer({ useLead: true }),
      classifier,
      topics: config.topics,
    });
    // Everything already stored is analysed (as after earlier ticks).
    const warm = await cpuMs(() => news.analyse(all));
    console.log(
      `(analysing the ${n.toLocaleString('en')} stored articles once: ${(warm / 1000).toFixed(1)} s CPU)`,
    );
    const TICKS = 10;
    const summarizer = createExtractiveSummarizer({ useLead: true });
    let own = 0;
    let tick = 0;
    for (let k = 0; k < TICKS; k++) {
      // Its own analysis: summarize and classify a full-length article like the new one.
      const twin = realistic(1_000 + k, new Date(now));
      own += await cpuMs(async () => {
        await summarizer.summarize(
          { id: twin.id, title: twin.title, lead: twin.lead, body: twin.body },
          { maxChars: 280 },
        );
        classifier.classify(twin);
      });
      // The service's tick after the gatherer stored one new article.
      const at = new Date(Date.now());
      await stores.articles.insertNew([realistic(k, at)]);
      tick += await cpuMs(async () => {
        news.clearCache();
        const found = await stores.articles.query({
          since: new Date(at.getTime() - 1),
          until: new Date(at.getTime() + 60_000),
          by: 'fetched',
          freshOnly: true,
        });
        await news.analyse(found);
      });
    }
    own /= TICKS;
    tick /= TICKS;
    const old = await cpuMs(async () => {
      news.clearCache();
      await news.stories();
    });
    console.log(
      `the new article's own analysis     ${own.toFixed(1).padStart(8)} ms CPU (mean of ${TICKS})`,
    );
    console.log(
      `tick now (find it, analyse, save)  ${tick.toFixed(1).padStart(8)} ms CPU (mean of ${TICKS})`,
    );
    console.log(`old tick (regroup the window)      ${old.toFixed(1).padStart(8)} ms CPU`);
    await stores.close();
  } finally {
    await web.close();
    await rm(dir, { recursive: true, force: true });
  }
}
