export * from './slots.js';
export * from './cron-adapter.js';
export * from './scheduler.js';
