/** Vietnamese text: normalization, sentences, numbers and figures. */
export * from './normalize.js';
export * from './sentences.js';
export * from './numbers.js';
export * from './figures.js';
export * from './key-figures.js';
export * from './figure-units.js';
export * from './figure-phrase.js';
