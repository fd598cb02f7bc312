// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The layer rule from DEVELOPERS.md: domain ← db ← services ← features ← app, and ui imports only React.
 * Each layer may import the layers to its left, never those to its right.
 * @param {string[]} forbiddenDirs
 * @param {string[]} forbiddenPackages
 */
const layer = (forbiddenDirs, forbiddenPackages = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: forbiddenPackages.map((name) => ({
        name,
        message: 'This layer may not depend on that package (see DEVELOPERS.md, Architecture).',
      })),
      patterns: [
        ...(forbiddenDirs.length
          ? [
              {
                regex: `(^|/)(${forbiddenDirs.join('|')})(/|$)`,
                message:
                  'Layer rule: domain ← db ← services ← features ← app; ui imports only React.',
              },
            ]
          : []),
        {
          regex: '^ts-fsrs$',
          message: 'Only src/domain/scheduler/ imports ts-fsrs: go through the scheduling adapter.',
        },
      ],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist',
      'public/decks',
      'node_modules',
      'coverage',
      'test-results',
      'bench/.out',
      'dev-dist',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      ...layer(
        ['db', 'services', 'features', 'app', 'ui'],
        ['react', 'react-dom', 'dexie', 'dexie-react-hooks'],
      ),
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Domain code takes time as a parameter.' },
        {
          object: 'Math',
          property: 'random',
          message: 'Domain code takes randomness as a parameter.',
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'localStorage', 'indexedDB', 'navigator', 'fetch', 'process'].map(
          (name) => ({
            name,
            message: 'Domain code is pure: no DOM, storage, network or Node globals.',
          }),
        ),
      ],
    },
  },
  {
    files: ['src/domain/scheduler/**/*.ts'],
    rules: {
      ...(() => {
        const rule = layer(
          ['db', 'services', 'features', 'app', 'ui'],
          ['react', 'react-dom', 'dexie'],
        );
        // The adapter is the one module allowed to import ts-fsrs.
        rule['no-restricted-imports'][1].patterns.pop();
        return rule;
      })(),
    },
  },
  {
    files: ['src/db/**/*.ts'],
    ignores: ['src/db/**/*.test.ts'],
    rules: layer(['services', 'features', 'app', 'ui'], ['react', 'react-dom']),
  },
  {
    files: ['src/services/**/*.ts'],
    ignores: ['src/services/**/*.test.ts'],
    rules: layer(['features', 'app', 'ui'], ['react', 'react-dom']),
  },
  {
    // Module workers run heavy domain work off the main thread: services-level (domain, db, services; no screens).
    files: ['src/workers/**/*.ts'],
    ignores: ['src/workers/**/*.test.ts'],
    rules: layer(['features', 'app', 'ui'], ['react', 'react-dom']),
  },
  {
    files: ['src/features/**/*.{ts,tsx}'],
    ignores: ['src/features/**/*.test.{ts,tsx}'],
    rules: layer(['app']),
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['src/ui/**/*.test.{ts,tsx}'],
    rules: layer(
      ['domain', 'db', 'services', 'features', 'app'],
      ['dexie', 'dexie-react-hooks', 'react-router-dom'],
    ),
  },
  {
    files: [
      'src/app/**/*.{ts,tsx}',
      'scripts/**/*.ts',
      'bench/**/*.ts',
      'tests/**/*.{ts,tsx}',
      '**/*.test.{ts,tsx}',
    ],
    rules: layer([]),
  },
  {
    // Tests, benches and the build's scripts may use the scheduler's library directly to check the adapter.
    files: ['**/*.test.{ts,tsx}', 'bench/**/*.ts', 'tests/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
