// Proves the layering rule (tools/eslint/layering.mjs) bites: an import that climbs a layer, one
// app importing another, and one foundation importing another are each a lint error, while imports
// downwards and within a layer pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..', '..');

async function layeringErrors(file: string, specifier: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath: join(root, file) });
  return result.messages.filter((message) => message.ruleId === 'layering/imports').map((message) => message.message);
}

const refused: Array<[string, string, string]> = [
  ['infra imports a use case', 'libs/infra/http/example.ts', '../../application/commands/billing-commands'],
  ['infra imports a read model', 'libs/infra/example.ts', '../../projections/accounts/accounts.query'],
  ['a read model imports a use case', 'projections/accounts/example.ts', '../../libs/application/verify/verify-ledger'],
  ['a use case imports an app', 'libs/application/payments/example.ts', '../../../apps/api/api.module'],
  ['the domain imports infra', 'libs/domain/billing-account/example.ts', '../../infra/clock/clock'],
  ['the domain imports the event store', 'libs/domain/example.ts', '../event-store/event-store.port'],
  ['the api imports the worker', 'apps/api/admin/example.ts', '../../worker/worker'],
  ['the worker imports the api', 'apps/worker/example.ts', '../api/api.module'],
  ['the web app imports the api', 'apps/web/src/example.ts', '../../api/create-api-app'],
  ['the web app imports infra', 'apps/web/src/format/example.ts', '../../../../libs/infra/http/problem'],
  ['the web app imports the domain', 'apps/web/src/example.tsx', '../../../libs/domain/money/money'],
];

for (const [what, file, specifier] of refused) {
  test(`the layering refuses: ${what}`, async () => {
    const errors = await layeringErrors(file, specifier);
    assert.equal(errors.length, 1, `expected one layering error for ${file} → ${specifier}, got ${errors.join('; ')}`);
  });
}

const allowed: Array<[string, string, string]> = [
  ['an app imports a use case', 'apps/api/accounts/example.ts', '../../../libs/application/commands/billing-commands'],
  ['a use case imports a read model', 'libs/application/due-work/example.ts', '../../../projections/accounts/accounts.query'],
  ['a read model imports infra', 'projections/tax/example.ts', '../../libs/infra/projections/projection'],
  ['infra imports the event store', 'libs/infra/example.ts', '../event-store/event-store.port'],
  ['a use case imports the domain', 'libs/application/commands/example.ts', '../../domain/decider'],
  ['the single-process launcher composes the apps', 'apps/main.ts', './worker/worker'],
  ['a file imports its neighbour', 'apps/relay/example.ts', './event-relay'],
  ['the web app imports the contract', 'apps/web/src/api/example.ts', '../../../../libs/contract/openapi'],
  ['the web app imports its own modules', 'apps/web/src/pages/example.tsx', '../format/money'],
];

for (const [what, file, specifier] of allowed) {
  test(`the layering allows: ${what}`, async () => {
    assert.deepEqual(await layeringErrors(file, specifier), []);
  });
}
