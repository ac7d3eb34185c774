import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const serverImports = {
  group: ['@/server', '@/server/**', '**/server', '**/server/**', 'server-only'],
  message: 'components/ and lib/ never import server/ (docs/architecture.md): pass data in as props or fetch it through a route.',
};
const frameworkImports = {
  group: ['next', 'next/**', 'react', 'react-dom', '@tanstack/**', 'server-only'],
  message: 'server/emulator and server/sim are framework-free (docs/architecture.md): scripts, Vitest and Playwright import them.',
};
/** The dashboard's server, in every spelling an import can take (alias or any number of `../`). */
const DASHBOARD_SERVER = '(aws|auth|data|health|launch|live|redrive|traces|services|env|env-schema|environments|config-file|startup-check)(/|$)';
const dashboardImports = {
  regex: `^(@/server/|(\\.\\./)+(server/)?)${DASHBOARD_SERVER}`,
  message: 'server/emulator and server/sim are apart from the dashboard’s server: they import lib/ and their own folder only (docs/architecture.md).',
};
/**
 * Layers inside server/ (docs/architecture.md): aws ← live, redrive, traces, health ← data ← app. A layer imports
 * only the ones below it; `server/services.ts` (the composition root) and `server/env.ts` are
 * reachable from every layer. Tests and the shared contract suites may cross layers.
 */
const layer = (names, message) => ({ group: names.flatMap((n) => [`@/server/${n}`, `@/server/${n}/**`, `**/server/${n}`, `**/server/${n}/**`, `../${n}`, `../${n}/**`]), message });
const aboveAws = layer(['live', 'redrive', 'traces', 'health', 'auth', 'data'], 'server/aws is the bottom layer: it speaks AWS in domain terms and imports none of live, redrive, traces, health, auth or data (docs/architecture.md).');
const aboveMiddle = layer(['data'], 'server/live, server/redrive, server/traces, server/health and server/auth sit below server/data: pass what they need in, never import data (docs/architecture.md).');
const serverBelowData = {
  // Anything of server/ but server/data, by alias or by a relative path.
  regex: '^(@/server/|(\\.\\./)+server/)(?!data(/|$))',
  message: 'app/ reaches the server only through server/data (docs/architecture.md).',
};
const uiImports = {
  group: ['@/app/**', '@/components/**', '**/app/**', '**/components/**'],
  message: 'server/ never imports app/ or components/ (docs/architecture.md).',
};
const serverTests = ['server/**/*.test.ts', 'server/**/*.contract.ts', 'server/**/testing/**', 'server/testing.ts'];

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
    rules: {
      'no-restricted-imports': ['error', { patterns: [serverImports] }],
      // One time format for the whole UI: 24-hour, the zone named, the same on server and browser.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^toLocale(Time|Date)String$/]',
          message: 'Show times with components/ui/time.tsx (or lib/format.ts formatDateTime): 24-hour, the zone named, no hydration mismatch.',
        },
      ],
    },
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
    files: ['server/aws/**'],
    ignores: serverTests,
    rules: { 'no-restricted-imports': ['error', { patterns: [aboveAws, uiImports] }] },
  },
  {
    files: ['server/live/**', 'server/redrive/**', 'server/traces/**', 'server/health/**', 'server/auth/**'],
    ignores: serverTests,
    rules: { 'no-restricted-imports': ['error', { patterns: [aboveMiddle, uiImports] }] },
  },
  {
    files: ['server/data/**', 'server/services.ts'],
    ignores: serverTests,
    rules: { 'no-restricted-imports': ['error', { patterns: [uiImports] }] },
  },
  {
    // The composition root names every service's type; it builds none itself, so it imports types only.
    files: ['server/services.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./*', '../*', '@/server/**'],
              allowTypeImports: true,
              message: 'server/services.ts imports types only: each layer builds its service through service(), so the root sits below every layer and closes no import circle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverBelowData] }] },
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
