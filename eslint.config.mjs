// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Boundaries: apps never import each other; libs never import apps. */
const APPS = ['lms', 'studio', 'worker', 'cli'];
const appImportPatterns = (except) =>
  APPS.filter((app) => app !== except).flatMap((app) => [`**/apps/${app}/**`, `apps/${app}/**`, `**/${app}/src/**`]);

/**
 * Prettier wraps code at 120 but not comments, strings or template literals: this catches those.
 * Long strings and SQL are split into concatenated parts (scripts/wrap-long-lines.mjs does it);
 * only a line holding a URL, which cannot be split honestly, is exempt.
 */
const maxLen = ['error', { code: 120, comments: 120, tabWidth: 2, ignoreUrls: true }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  { rules: { 'max-len': maxLen } },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest's decorators and class-validator lean on these; type-checked rules catch real misuse.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...APPS.map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: appImportPatterns(app), message: 'Apps do not import each other: move shared code to libs/.' },
          ],
        },
      ],
    },
  })),
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**', 'apps/**'], message: 'A lib never imports an app.' }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      parserOptions: { projectService: false, program: null },
      globals: {
        console: 'readonly',
        process: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        globalThis: 'readonly',
        Buffer: 'readonly',
        expect: 'readonly',
      },
    },
  },
);
