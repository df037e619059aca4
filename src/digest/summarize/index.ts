/** The offline extractive summarizer and its scoring. */
export * from './extractive.js';
export * from './scoring.js';
export * from './rouge.js';
export * from './clean.js';
export * from './cut.js';
