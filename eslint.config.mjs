// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.tools/**', '.nx/**', 'coverage/**', 'test-artifacts/**', '**/*.js', '**/*.mjs', '**/*.tmp.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is deterministic and bundled: it may import only the contracts and @temporalio/workflow.
    files: ['workflows/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'pg', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@duban/domain', '@duban/activities', '@duban/calendar', 'node:*', 'fs', 'path', 'crypto'], message: 'workflows/ imports only @duban/contracts and @temporalio/workflow' },
          ],
        },
      ],
    },
  },
  {
    // Apps depend on libs, never on another app.
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'activities/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@duban/api', '@duban/api/*', '@duban/worker', '@duban/worker/*', '@duban/cli', '@duban/cli/*', '@duban/web', '@duban/web/*'], message: 'apps depend on libs, never on another app' }] }],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
