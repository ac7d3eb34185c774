import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const serverImports = {
  group: ['@/server', '@/server/**', '**/server', '**/server/**', 'server-only'],
  message: 'components/ and lib/ never import server/ (DESIGN.md §8): pass data in as props or fetch it through a route.',
};
const frameworkImports = {
  group: ['next', 'next/**', 'react', 'react-dom', '@tanstack/**', 'server-only'],
  message: 'server/emulator and server/sim are framework-free (DESIGN.md §8): scripts, Vitest and Playwright import them.',
};
const dashboardImports = {
  group: ['@/server/data/**', '@/server/live/**', '**/data', '**/data/**', '**/live', '**/live/**'],
  message: 'server/emulator and server/sim never import the dashboard’s server/data or server/live (DESIGN.md §8).',
};
const emulatorInternals = {
  group: ['@/server/emulator/**', '**/emulator', '**/emulator/**'],
  message: 'The demo system talks to AWS only through the SDK, never to the emulator’s internals.',
};

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '.eddy/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  // The rules of hooks, and the React Compiler's checks (no refs read during render, no setState in effects).
  { ...reactHooks.configs.flat.recommended, files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'] },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
  },
  {
    files: ['components/**', 'lib/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverImports] }] },
  },
  {
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [serverImports, { group: ['@/components/**', '@/app/**', '**/components/**', '**/app/**'], message: 'lib/ is the bottom layer: it imports neither components/ nor app/.' }] },
      ],
    },
  },
  {
    files: ['server/emulator/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [frameworkImports, dashboardImports] }] },
  },
  {
    files: ['server/sim/**'],
    ignores: ['server/sim/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [frameworkImports, dashboardImports, emulatorInternals] }] },
  },
  {
    files: ['server/sim/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [frameworkImports, dashboardImports] }] },
  },
);
