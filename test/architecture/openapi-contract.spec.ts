// The committed contract (libs/contract/openapi.json and the types generated from it) is what the
// api describes: a route, parameter or body changed without `npm run openapi` fails here, so the
// typed clients (the web app, the end-to-end tests) cannot drift from the service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildContract, contractDir } from '../../apps/api/openapi-contract';

test('libs/contract/openapi.json is the document the api describes (else run npm run openapi)', async () => {
  const { json } = await buildContract();
  assert.equal(readFileSync(join(contractDir, 'openapi.json'), 'utf8'), json, 'libs/contract/openapi.json is stale: run npm run openapi');
});

test('libs/contract/openapi.d.ts is generated from that document (else run npm run openapi)', async () => {
  const { types } = await buildContract();
  assert.equal(readFileSync(join(contractDir, 'openapi.d.ts'), 'utf8'), types, 'libs/contract/openapi.d.ts is stale: run npm run openapi');
});
