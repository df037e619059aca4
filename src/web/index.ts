export { createWebServer, type WebServer, type WebServerOptions } from './server.js';
export { createDigestArchive, type DigestArchive, type DigestArchiveOptions } from './archive.js';
export {
  createWebRenderer,
  renderPreviewHtml,
  contentSecurityPolicy,
  type WebRenderer,
} from './render.js';
export { createAdminAuth, collectAdminView, SESSION_COOKIE } from './admin.js';
export { renderAtomFeed, renderJsonFeed, FEED_ID } from './feeds.js';
export { dayKeyOf, dayWindow, parseDayKey, shiftDay, zonedMidnight } from './days.js';
