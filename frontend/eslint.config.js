// ESLint for the web client: JavaScript's and TypeScript's recommended rules (type-aware: they
// read tsconfig.json), React's (JSX runtime, no prop-types: TypeScript checks props) and the
// rules of hooks, exhaustive effect dependencies included. `npm run lint`; CI runs it
// (scripts/test.sh), and a warning fails it as an error does.
import js from '@eslint/js';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'src/api/schema.d.ts'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.browser,
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...react.configs.flat.recommended,
    ...react.configs.flat['jsx-runtime'],
    languageOptions: { ...react.configs.flat.recommended.languageOptions, globals: globals.browser },
    settings: { react: { version: 'detect' } },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat['jsx-runtime'].rules,
      'react/prop-types': 'off',
      // Apostrophes and quotes in the prose are meant as written; a stray > or } is a typo.
      'react/no-unescaped-entities': ['error', { forbid: ['>', '}'] }],
    },
  },
  reactHooks.configs.flat.recommended,
  {
    rules: {
      'react-hooks/exhaustive-deps': 'error',
      // `_` names an argument a callback must take and does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests and their fakes: mocks are loosely typed by design (vi.fn(async () => ...) standing in
    // for async browser APIs, expect.objectContaining(), mock.calls), and testing-library's
    // queries return HTMLElement, cast to the element a test reads.
    files: ['src/**/*.test.{ts,tsx}', 'src/test/**'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Plain JavaScript (this file, the AudioWorklet): no type information to lint with.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['src/**/*.js'],
    languageOptions: { globals: globals.audioWorklet },
  },
);
