// @ts-check
import { URL, fileURLToPath } from 'node:url';
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries (eslint-plugin-boundaries), as allow-lists: every folder
 * of src/ is an element, and an element may import only the elements listed
 * for it (`default: 'disallow'`). The arrows point inward: everything may
 * depend on the core (`src/digest`), and the core depends on nothing but
 * itself. Another folder is entered only through its `index.ts`.
 * See docs/architecture.md; tests/lint/boundaries.test.ts proves a forbidden
 * import fails.
 */
const ELEMENTS = [
  { type: 'digest', pattern: 'src/digest/*', capture: ['name'] },
  // Files directly in src/digest (model, ports, errors): the core's shared vocabulary.
  { type: 'core', pattern: 'src/digest' },
  { type: 'bots-commands', pattern: 'src/bots/commands' },
  { type: 'bots-telegram', pattern: 'src/bots/telegram' },
  { type: 'bots-discord', pattern: 'src/bots/discord' },
  { type: 'app', pattern: 'src/app' },
  { type: 'cli', pattern: 'src/cli' },
  { type: 'demo', pattern: 'src/demo' },
  { type: 'config', pattern: 'src/config' },
  { type: 'store', pattern: 'src/store' },
  { type: 'scheduler', pattern: 'src/scheduler' },
  { type: 'delivery', pattern: 'src/delivery' },
  { type: 'llm', pattern: 'src/llm' },
  { type: 'fetch', pattern: 'src/fetch' },
  // The read-only web site: pages and feeds of the digest, the admin status page.
  { type: 'web', pattern: 'src/web' },
  // Files directly in src: the entry, main.ts.
  { type: 'main', pattern: 'src' },
];

/** Who may import whom (besides itself). */
const ALLOW = {
  main: ['app'],
  app: [
    'core',
    'digest',
    'config',
    'store',
    'scheduler',
    'delivery',
    'llm',
    'bots-commands',
    'bots-telegram',
    'bots-discord',
    'fetch',
    'web',
  ],
  cli: [
    'app',
    'core',
    'digest',
    'config',
    'delivery',
    'llm',
    'bots-telegram',
    'bots-discord',
    'demo',
    'web',
  ],
  demo: ['core', 'digest'],
  config: ['core', 'digest'],
  store: ['core'],
  scheduler: ['core', 'digest', 'config', 'delivery'],
  delivery: ['core', 'digest'],
  llm: ['core', 'digest'],
  fetch: ['core', 'digest'],
  web: ['core', 'digest'],
  'bots-commands': ['core', 'digest'],
  'bots-telegram': ['core', 'digest', 'bots-commands', 'delivery'],
  'bots-discord': ['core', 'digest', 'bots-commands', 'delivery'],
  core: [],
  digest: ['core'],
};

/** Libraries a layer must not use: the core stays platform- and infrastructure-free. */
const PLATFORM = ['grammy', '@grammyjs/*', 'discord.js', '@discordjs/*'];
/** The core does no network I/O: fetching lives in src/fetch behind the `Fetcher` port. */
const NETWORK = [
  'undici',
  'node:dns',
  'node:net',
  'node:http',
  'node:https',
  'dns',
  'net',
  'http',
  'https',
];
const INFRA = [
  'node-cron',
  'openai',
  'better-sqlite3',
  'kysely',
  'pg',
  'pino',
  'pino-pretty',
  'commander',
];
const FORBIDDEN_LIBS = {
  core: [...PLATFORM, ...INFRA, ...NETWORK],
  digest: [...PLATFORM, ...INFRA, ...NETWORK],
  delivery: [...PLATFORM, ...INFRA],
  web: [...PLATFORM, ...INFRA],
  'bots-commands': [...PLATFORM, ...INFRA],
  store: [...PLATFORM, 'node-cron', 'openai'],
  config: [...PLATFORM, 'openai', 'better-sqlite3', 'kysely', 'pg'],
  llm: [...PLATFORM, 'node-cron', 'better-sqlite3', 'kysely', 'pg'],
  scheduler: [...PLATFORM, 'openai', 'better-sqlite3', 'kysely', 'pg'],
  'bots-telegram': [
    'discord.js',
    '@discordjs/*',
    'node-cron',
    'openai',
    'better-sqlite3',
    'kysely',
  ],
  'bots-discord': ['grammy', '@grammyjs/*', 'node-cron', 'openai', 'better-sqlite3', 'kysely'],
};

const policies = [
  ...Object.entries(ALLOW).map(([from, to]) => ({
    from: { element: { type: from } },
    allow: { to: { element: { types: { anyOf: [from, ...to] } } } },
  })),
  // External packages are allowed unless listed below.
  { allow: { to: { module: { origin: 'external' } } } },
  { allow: { to: { module: { origin: 'core' } } } },
  ...Object.entries(FORBIDDEN_LIBS).map(([from, libs]) => ({
    from: { element: { type: from } },
    disallow: { to: { module: { origin: ['external', 'core'], source: libs } } },
    message: `src/${from} may not use this library (see docs/architecture.md)`,
  })),
  // Entry points: another folder is entered only through its index.ts.
  // (A folder's own files import each other freely: those are internal and not checked.)
  {
    disallow: {
      to: {
        module: { origin: 'local' },
        element: {
          types: { noneOf: ['core', 'main', 'bots-telegram', 'bots-discord'] },
          fileInternalPath: '!index.ts',
        },
      },
    },
    message: 'enter another folder through its index.ts (see docs/architecture.md)',
  },
  // A bot adapter has a second, light entry: render.ts, the pure digest
  // renderer, so rendering a digest never loads grammy or discord.js.
  {
    disallow: {
      to: {
        module: { origin: 'local' },
        element: {
          types: { anyOf: ['bots-telegram', 'bots-discord'] },
          fileInternalPath: '!{index,render}.ts',
        },
      },
    },
    message: 'enter another folder through its index.ts (see docs/architecture.md)',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'data/**',
      'out/**',
      'coverage/**',
      'tests/lint/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['tools/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', exports: 'writable', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELEMENTS,
      'boundaries/include': ['src/**/*.ts'],
      'import/resolver': {
        [fileURLToPath(new URL('./tools/eslint-ts-resolver.cjs', import.meta.url))]: {},
      },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        { default: 'disallow', checkAllOrigins: true, policies },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
);
