import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { CORPUS_DIR, CORPUS_MISSING_MESSAGE } from './tests/helpers/corpus.js';

/**
 * Three projects, one `npm test`:
 * - unit: in-memory, fast; the default 30 s timeout is only a hang guard.
 * - integration: real loopback servers (Telegram, Discord, web, OpenAI
 *   fakes), the service end to end, the CLI smoke test on built JS.
 * - corpus: files that read ../shared/corpus (they skip without it).
 * Run one with `npx vitest run --project unit`.
 */
const INTEGRATION = [
  'tests/e2e/**/*.test.ts',
  'tests/cli/**/*.test.ts',
  'tests/discord/**/*.test.ts',
  'tests/telegram/**/*.test.ts',
  'tests/llm/llm-summarizer.test.ts',
  'tests/fetch/**/*.test.ts',
  'tests/gather/gatherer.test.ts',
  'tests/gather/gather-cli.test.ts',
  'tests/lint/**/*.test.ts',
];
const CORPUS = [
  'tests/summarize/extractive.test.ts',
  'tests/summarize/scoring.test.ts',
  'tests/text/sentences.test.ts',
  'tests/text/figures.test.ts',
  'tests/group/corpus-grouping.test.ts',
  'tests/gather/extract-article.test.ts',
  'tests/gather/lead-selection.test.ts',
  'tests/**/corpus-*.test.ts',
];

if (!existsSync(CORPUS_DIR)) console.warn(`corpus project: ${CORPUS_MISSING_MESSAGE}`);

const shared = {
  environment: 'node' as const,
  pool: 'forks' as const,
  env: { TZ: 'UTC' },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...INTEGRATION, ...CORPUS],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          ...shared,
          name: 'integration',
          include: INTEGRATION,
          exclude: CORPUS,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          ...shared,
          name: 'corpus',
          include: CORPUS,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
