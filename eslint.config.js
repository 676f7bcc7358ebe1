// One flat config for the whole workspace: type-checked rules, type-only imports, no
// floating or misused promises, and `process.env` only inside each app's env.ts.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    },
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
);
