/**
 * Shared setup of the chat benchmarks (Telegram, Discord): the real news
 * service and command handlers over a store of generated articles.
 * Not a `*.bench.ts` file, so `bench/index.ts` does not run it on its own.
 */
import { createCommandHandlers } from '../src/bots/commands/index.js';
import type { CommandHandlers } from '../src/bots/commands/types.js';
import type { LoadedConfig } from '../src/config/types.js';
import { createClassifier } from '../src/digest/classify/index.js';
import {
  createNewsService,
  type NewsServiceWithStats,
} from '../src/digest/compose/news-service.js';
import type { Stores } from '../src/digest/ports.js';
import { createExtractiveSummarizer } from '../src/digest/summarize/extractive.js';

export function createBenchNewsAndHandlers(
  stores: Stores,
  config: LoadedConfig,
): { news: NewsServiceWithStats; handlers: CommandHandlers } {
  const news = createNewsService({
    stores,
    summarizer: createExtractiveSummarizer(),
    classifier: createClassifier({ topics: config.topics, gazetteer: config.gazetteer }),
    topics: config.topics,
    sectionOrder: config.schedules.sectionOrder,
  });
  const handlers = createCommandHandlers({
    news,
    subscriptions: stores.subscriptions,
    feeds: stores.feeds,
    gatherer: { check: async () => Promise.reject(new Error('not used in this benchmark')) },
    topics: config.topics,
    gazetteer: config.gazetteer,
  });
  return { news, handlers };
}
