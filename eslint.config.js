// One flat config for the whole workspace: type-checked rules, type-only imports, no floating or
// misused promises, `process.env` only inside each app's env.ts, React's hook rules and Next's
// rules for the web app, and the package boundaries (no deep imports, no Redis key literals,
// nothing server-only in the browser).
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Packages are imported by name: a path into another package's folder hides an edge. */
const deepImports = [
  {
    group: ['**/packages/*/src', '**/packages/*/src/**', '**/apps/*/src/**', '**/tooling/*/src/**'],
    message: 'Import the package by name (e.g. @tiffin/domain), not a path into its folder.',
  },
  {
    group: ['**/scripts/lib/*'],
    message: 'The stack and session helpers are @tiffin/stack.',
  },
  {
    group: ['@tiffin/*/src', '@tiffin/*/src/**'],
    message: 'Import what the package exports (its package.json "exports"), not its source files.',
  },
];

/** What a client component may not reach: it would ship server code (or fail) in the browser. */
const serverOnly = [
  ...deepImports,
  {
    regex: '^@tiffin/(db|events)(/.*)?$|^@tiffin/domain(/(?!client-safe$).*)?$',
    message:
      'The browser imports shared rules and types from @tiffin/domain/client-safe, and API types from @tiffin/api (type-only).',
  },
  {
    group: ['ioredis', 'pg', '@prisma/*', '@node-rs/*', 'pino', 'prom-client', 'node:*'],
    message: 'Server-only module: keep it in src/server or behind the API.',
  },
];

/** Redis keys and stream names are built in packages/events/src/contract/keys.ts only. */
const redisKeyLiterals = [
  {
    selector: 'Literal[value=/\\{tiffin\\}|^tiffin:|\\{t\\}:/]',
    message: 'Build Redis keys with @tiffin/events (contract/keys.ts).',
  },
  {
    selector: 'TemplateElement[value.raw=/\\{tiffin\\}|^tiffin:|\\{t\\}:/]',
    message: 'Build Redis keys with @tiffin/events (contract/keys.ts).',
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/.turbo/**',
      '**/.data/**',
      '**/generated/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '**/next-env.d.ts',
      'packages/client/dist/**',
      'examples/*/dist/**',
      'eslint.config.js',
      '**/*.mjs',
      '**/postcss.config.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/only-throw-error': 'error',
      // Async functions often implement an async interface without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': ['error', { patterns: deepImports }],
      'no-restricted-syntax': ['error', ...redisKeyLiterals],
    },
  },
  {
    // Every string a client sends is a safeText (it refuses NUL and other control characters).
    files: ['packages/api/src/**/*.ts', 'packages/domain/src/**/*.ts'],
    ignores: ['packages/domain/src/input/safe-text.ts', '**/*.test.ts', '**/*.integration-test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...redisKeyLiterals,
        {
          selector: "CallExpression[callee.object.name='z'][callee.property.name='string']",
          message: 'Use safeText() from @tiffin/domain for strings a client sends.',
        },
      ],
    },
  },
  {
    files: ['packages/events/src/contract/keys.ts', 'packages/events/src/contract/keys.test.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`.
    files: ['**/*.test.ts', '**/*.integration-test.ts', '**/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Apps read configuration in one validated env.ts; packages receive it as arguments.
    files: ['apps/**/*.ts', 'apps/**/*.tsx'],
    ignores: [
      'apps/*/src/env.ts',
      'apps/*/env.ts',
      'apps/web/e2e/**',
      'apps/web/playwright.config.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: "Read configuration from the app's env.ts.",
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    ignores: ['apps/web/e2e/**'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
    settings: { next: { rootDir: 'apps/web' } },
  },
  {
    // Everything the browser may load: pages, components, hooks and client-side helpers.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    ignores: [
      'apps/web/src/server/**',
      'apps/web/src/env.ts',
      'apps/web/src/app/api/**',
      'apps/web/src/app/images/**',
      'apps/web/src/**/*.test.ts',
      'apps/web/src/**/*.integration-test.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: serverOnly }] },
  },
);
