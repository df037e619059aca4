export * from './publisher.js';
export * from './backoff.js';
export * from './rate-limiter.js';
export * from './outbox-worker.js';
export * from './console-publisher.js';
export * from './digest-run.js';
