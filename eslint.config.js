// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries. The arrows point inward: everything may depend on
 * `src/digest`, and `src/digest` depends on nothing but itself and small,
 * platform-neutral libraries. Each rule below lists what a folder may NOT import.
 */
const platformLibs = ['grammy', '@grammyjs/*', 'discord.js', '@discordjs/*'];
const infraLibs = [
  'node-cron',
  'openai',
  'better-sqlite3',
  'kysely',
  'pg',
  'pino',
  'pino-pretty',
  'commander',
];

/** @param {string[]} folders @param {string[]} libs */
function forbid(folders, libs) {
  return [
    'error',
    {
      patterns: [
        ...folders.map((f) => ({
          group: [`**/${f}`, `**/${f}/**`],
          message: `This layer may not import from src/${f} (see docs/architecture.md).`,
        })),
        ...(libs.length
          ? [
              {
                group: libs,
                message: 'This layer may not depend on this library (see docs/architecture.md).',
              },
            ]
          : []),
      ],
    },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'out/**', 'coverage/**'] },
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
    files: ['src/digest/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['bots', 'scheduler', 'store', 'delivery', 'llm', 'cli', 'config', 'demo', 'main'],
        [...platformLibs, ...infraLibs],
      ),
    },
  },
  {
    files: ['src/delivery/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['bots', 'scheduler', 'store', 'llm', 'cli', 'demo', 'main'],
        [...platformLibs, ...infraLibs],
      ),
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['bots', 'scheduler', 'delivery', 'llm', 'cli', 'demo', 'main'],
        [...platformLibs, 'node-cron', 'openai'],
      ),
    },
  },
  {
    files: ['src/scheduler/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['bots', 'store', 'llm', 'cli', 'demo', 'main'],
        [...platformLibs, 'openai', 'better-sqlite3', 'kysely'],
      ),
    },
  },
  {
    files: ['src/llm/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['bots', 'scheduler', 'store', 'delivery', 'cli', 'demo', 'main'],
        [...platformLibs, 'node-cron', 'better-sqlite3', 'kysely'],
      ),
    },
  },
  {
    files: ['src/bots/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['telegram', 'discord', 'scheduler', 'store', 'cli', 'demo', 'main'],
        [...platformLibs, ...infraLibs],
      ),
    },
  },
  {
    files: ['src/bots/telegram/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['discord', 'scheduler', 'store', 'cli', 'demo', 'main'],
        ['discord.js', '@discordjs/*', 'node-cron', 'openai', 'better-sqlite3', 'kysely'],
      ),
    },
  },
  {
    files: ['src/bots/discord/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['telegram', 'scheduler', 'store', 'cli', 'demo', 'main'],
        ['grammy', '@grammyjs/*', 'node-cron', 'openai', 'better-sqlite3', 'kysely'],
      ),
    },
  },
  {
    // The web site reads through the core's ports and the news service only.
    files: ['src/web/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['bots', 'scheduler', 'store', 'delivery', 'llm', 'cli', 'config', 'demo', 'main'],
        [...platformLibs, ...infraLibs],
      ),
    },
  },
  {
    files: ['src/config/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['bots', 'scheduler', 'store', 'delivery', 'llm', 'cli', 'demo', 'main'],
        [...platformLibs, 'openai', 'better-sqlite3', 'kysely'],
      ),
    },
  },
);
