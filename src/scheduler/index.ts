export * from './cron-match.js';
export * from './cron-adapter.js';
export * from './scheduler.js';
