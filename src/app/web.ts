/**
 * The web site of `npm start`, when WEB_PORT is set: the archive over the
 * app's news service, the admin page over its stores.
 */
import type { LlmSummarizer } from '../llm/index.js';
import { createDigestArchive } from '../web/index.js';
import { createWebServer, type WebServer } from '../web/index.js';
import type { App } from './app.js';

export interface RunningWeb {
  web: WebServer;
  url: string;
}

export function createAppWebServer(app: App): WebServer {
  const { env, config, stores } = app;
  const archive = createDigestArchive({ news: app.news, timezone: config.schedules.timezone });
  return createWebServer({
    archive,
    topics: config.topics,
    logger: app.logger,
    ...(env.ADMIN_WEB_TOKEN ? { adminToken: env.ADMIN_WEB_TOKEN } : {}),
    ...(env.WEB_PUBLIC_URL
      ? { publicUrl: env.WEB_PUBLIC_URL, secureCookie: env.WEB_PUBLIC_URL.startsWith('https:') }
      : {}),
    admin: {
      feeds: stores.feeds,
      outbox: stores.outbox,
      subscriptions: stores.subscriptions,
      gatherIntervalMinutes: config.schedules.gatherIntervalMinutes,
      summarizerStatus: async () => {
        const s = app.summarizer as Partial<LlmSummarizer>;
        return typeof s.status === 'function' ? s.status() : null;
      },
    },
  });
}

/** Starts the site when WEB_PORT is set; null otherwise. */
export async function startAppWeb(app: App): Promise<RunningWeb | null> {
  if (app.env.WEB_PORT === undefined) return null;
  const web = createAppWebServer(app);
  const url = await web.listen(app.env.WEB_PORT, app.env.WEB_HOST);
  app.logger.info(
    { url, admin: Boolean(app.env.ADMIN_WEB_TOKEN) },
    app.env.ADMIN_WEB_TOKEN
      ? 'web site is up'
      : 'web site is up (admin page off: ADMIN_WEB_TOKEN is not set)',
  );
  return { web, url };
}
