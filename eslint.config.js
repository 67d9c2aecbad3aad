import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'bench-results/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The classic hook rules; the React Compiler rules of v7 do not fit hooks that return refs.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // A classic service-worker script; the build defines the two constants in front of it.
    files: ['client/sw/serviceWorker.js'],
    languageOptions: { globals: { ...globals.serviceworker, STIP_VERSION: 'readonly', STIP_PRECACHE: 'readonly' } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      // shared/ runs in the browser and on the server: no Node built-ins.
      'no-restricted-imports': ['error', { patterns: ['node:*', 'ws', 'better-sqlite3', 'react', 'react-dom'] }],
    },
  },
);
