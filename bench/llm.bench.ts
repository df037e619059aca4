/**
 * The LLM path's own overhead per article (prompt building, guard, cache,
 * SDK) against a loopback server that answers at once. With OPENAI_BASE_URL
 * set to a real server, it also reports the guard's rejection rate and
 * ROUGE-L against the lead on ../shared/corpus (LLM_BENCH_LIMIT articles, default 50).
 */
import OpenAI from 'openai';
import type { SummaryInput } from '../src/digest/model.js';
import { createExtractiveSummarizer, summarize } from '../src/digest/summarize/extractive.js';
import { rouge } from '../src/digest/summarize/rouge.js';
import { createLlmSummarizer } from '../src/llm/index.js';
import { createStores } from '../src/store/index.js';
import { startFakeOpenAiServer } from '../tests/helpers/fake-openai-server.js';
import { CORPUS_MISSING_MESSAGE, corpusAvailable, loadAllCorpus } from '../tests/helpers/corpus.js';

export const name = 'llm';

function syntheticArticles(n: number): SummaryInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    title: `Hà Nội đầu tư ${100 + i} tỷ đồng cải tạo ${i % 40} tuyến phố`,
    body: `UBND TP Hà Nội vừa phê duyệt ${100 + i} tỷ đồng để cải tạo ${i % 40} tuyến phố tại phường Hoàn Kiếm. Dự án hoàn thành trong năm 2027, tăng ${i % 30},5% so với kế hoạch. Người dân được lấy ý kiến trước khi thi công.`,
  }));
}

export async function run(): Promise<void> {
  const articles = corpusAvailable()
    ? loadAllCorpus().map((d) => ({ id: d.id, title: d.title, body: d.body }))
    : syntheticArticles(500);
  if (!corpusAvailable()) console.log(`${CORPUS_MISSING_MESSAGE}; using 500 synthetic articles`);
  const server = await startFakeOpenAiServer();
  const stores = await createStores('sqlite::memory:');
  try {
    // The loopback model answers at once with a faithful summary, so only our overhead is measured.
    const byTitle = new Map(articles.map((a) => [a.title.normalize('NFC'), summarize(a).text]));
    server.responder = (body) => {
      const user = body.messages?.find((m) => m.role === 'user')?.content ?? '';
      const title = /Tiêu đề: (.*)/.exec(user)?.[1]?.trim() ?? '';
      return { kind: 'json', summary: byTitle.get(title) ?? '', usage: 50 };
    };
    const llm = createLlmSummarizer({
      client: new OpenAI({ apiKey: 'bench', baseURL: server.baseURL, maxRetries: 1 }),
      model: 'bench-model',
      fallback: createExtractiveSummarizer(),
      cache: stores.summaries,
      concurrency: 1,
    });
    let t0 = performance.now();
    for (const a of articles) await llm.summarize(a);
    const first = (performance.now() - t0) / articles.length;
    t0 = performance.now();
    for (const a of articles) await llm.summarize(a);
    const cached = (performance.now() - t0) / articles.length;
    const st = llm.stats();
    console.log(`articles: ${articles.length}`);
    console.log(
      `LLM path overhead per article (loopback server, incl. HTTP): ${first.toFixed(2)} ms; from cache: ${cached.toFixed(3)} ms`,
    );
    console.log(
      `accepted by the guard: ${st.llm}, fell back: ${st.fallback} ${JSON.stringify(st.reasons)}, cache hits: ${st.cached}`,
    );
  } finally {
    await server.close();
    await stores.close();
  }

  const baseURL = process.env['OPENAI_BASE_URL'];
  if (!baseURL) {
    console.log(
      'real model: skipped (set OPENAI_BASE_URL, OPENAI_MODEL and OPENAI_API_KEY to measure rejection rate and ROUGE)',
    );
    return;
  }
  if (!corpusAvailable()) {
    console.log(`real model: ${CORPUS_MISSING_MESSAGE}`);
    return;
  }
  const limit = Number(process.env['LLM_BENCH_LIMIT'] ?? 50);
  const docs = loadAllCorpus().slice(0, limit);
  const real = createLlmSummarizer({
    client: new OpenAI({
      apiKey: process.env['OPENAI_API_KEY'] ?? 'not-needed',
      baseURL,
      maxRetries: 1,
    }),
    model: process.env['OPENAI_MODEL'] ?? 'gpt-4o-mini',
    fallback: createExtractiveSummarizer(),
  });
  let rl = 0;
  let rlExtractive = 0;
  for (const d of docs) {
    const s = await real.summarize({ id: d.id, title: d.title, body: d.body });
    rl += rouge(s.text, d.lead).rougeL;
    rlExtractive += rouge(
      summarize({ id: d.id, title: d.title, body: d.body }).text,
      d.lead,
    ).rougeL;
  }
  const st = real.stats();
  console.log(
    `real model on ${docs.length} corpus articles: guard rejection rate ${((st.fallback / docs.length) * 100).toFixed(1)}% ${JSON.stringify(st.reasons)}`,
  );
  console.log(
    `ROUGE-L F1 vs lead: LLM path ${((rl / docs.length) * 100).toFixed(2)}, extractive ${((rlExtractive / docs.length) * 100).toFixed(2)}`,
  );
}
