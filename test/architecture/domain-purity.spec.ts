// Proves the lint rule that keeps libs/domain pure actually bites: each impure line is an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..', '..');

async function lintDomainSource(source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(source, { filePath: join(root, 'libs/domain/impure-example.ts') });
  return result.messages.map((message) => message.ruleId ?? message.message);
}

const impure: Record<string, string> = {
  'a Nest import': "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
  'a pg import': "import { Pool } from 'pg';\nexport const x = Pool;\n",
  'a kafkajs import': "import { Kafka } from 'kafkajs';\nexport const x = Kafka;\n",
  'the wall clock': 'export const now = Date.now();\n',
  'a clockless Date': 'export const now = new Date();\n',
  'float money': "export const pounds = parseFloat('1.5');\n",
};

for (const [what, source] of Object.entries(impure)) {
  test(`libs/domain rejects ${what}`, async () => {
    const rules = await lintDomainSource(source);
    assert.ok(rules.some((rule) => rule === 'no-restricted-imports' || rule === 'no-restricted-syntax'), `no purity error for ${what}: ${rules.join(', ')}`);
  });
}

test('libs/domain accepts pure code', async () => {
  const rules = await lintDomainSource("import Decimal from 'decimal.js';\nexport const half = new Decimal(1).div(2);\nexport const at = new Date('2026-01-01T00:00:00Z');\n");
  assert.deepEqual(rules, []);
});
