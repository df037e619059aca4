/** Configuration: YAML files in CONFIG_DIR, validated with zod, and their sync into the store. */
export { loadConfig, loadFigureUnits, CONFIG_FILES } from './load.js';
export { syncConfig, CONFIG_PAUSE_REASON } from './sync.js';
export type { SyncOptions, SyncReport } from './sync.js';
export { ConfigError } from './errors.js';
export type { ConfigIssue } from './errors.js';
export { cronProblem, timezoneProblem } from './cron.js';
export type { ConfiguredSubscription, LoadedConfig, ScheduleConfig } from './types.js';
export { DEFAULT_FEED_OPERATIONS } from './types.js';
