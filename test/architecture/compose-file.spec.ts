/**
 * docker-compose.yml is a valid Compose file by a real validator (dclint: the Compose
 * specification's JSON schema, then its rules, as .dclintrc.yml sets them), and its ledger
 * services agree with the README's configuration table in both directions. The table is read
 * afresh each run, so variables other changes add are held to the same rule.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DCLinter } from 'dclint';
import { parse } from 'yaml';
import { projectRoot } from '../../libs/infra/database/project-root';
import { distributedVariables, documentedVariables, interpolatedVariables, isDocumented, ledgerEnvironments } from './support/compose-environment';

const root = projectRoot();
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'compose-check-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** dclint as `npx dclint` runs it here: every rule at its default level unless .dclintrc.yml says otherwise. */
function lint(text: string): string[] {
  const rules = (parse(readFileSync(join(root, '.dclintrc.yml'), 'utf8')) as { rules: Record<string, 0 | 1 | 2> }).rules;
  const file = join(scratch, `compose-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, text);
  // dclint's own type declarations do not resolve under nodenext, so its result is described here.
  const [result] = new DCLinter({ rules, quiet: false, debug: false, exclude: [] }).lintFiles([file], false) as { messages: { type: string; rule: string; message: string }[] }[];
  return result.messages.map((m) => `${m.type} ${m.rule}: ${m.message}`);
}

function undocumentedIn(text: string, table: readonly string[]): string[] {
  return [...ledgerEnvironments(text)].flatMap(([service, names]) => names.filter((n) => !isDocumented(n, table)).map((n) => `${service}: ${n}`));
}

function missingFrom(text: string, needed: readonly string[]): string[] {
  return [...ledgerEnvironments(text)].flatMap(([service, names]) => needed.filter((n) => !names.includes(n)).map((n) => `${service}: ${n}`));
}

describe('docker-compose.yml by the Compose validator', () => {
  test('dclint reports no error and no warning', () => {
    assert.deepEqual(lint(composeText), []);
  });

  test('the validator bites: a wrong depends_on condition, a misspelt key, a port on every interface, a floating tag', () => {
    const cases: [string, string, RegExp][] = [
      ['condition: service_healthy', 'condition: service_ready', /invalid-schema/],
      ['    image: postgres:17\n', '    image: postgres:17\n    environmnet: {}\n', /invalid-schema/],
      ["'127.0.0.1:3000:3000'", "'3000:3000'", /no-unbound-port-interfaces/],
      ['image: postgres:17', 'image: postgres:latest', /service-image-require-explicit-tag/],
    ];
    for (const [from, to, finding] of cases) {
      assert.ok(composeText.includes(from), `the compose file no longer has ${from}`);
      assert.match(lint(composeText.replace(from, to)).join('\n'), finding, `${from} → ${to}`);
    }
  });
});

describe('docker-compose.yml against the README configuration table', () => {
  const table = documentedVariables(readme);
  const needed = distributedVariables(readme);

  test('the ledger services are the api, the worker and the relay, and the README names what a distributed setup needs', () => {
    assert.deepEqual([...ledgerEnvironments(composeText).keys()].sort(), ['api', 'relay', 'worker']);
    for (const name of ['DATABASE_URL', 'EVENT_STORE', 'KURRENTDB_URL', 'JWT_SECRET', 'KAFKA_BROKERS']) assert.ok(needed.includes(name), `${name} in "A distributed setup …"`);
    assert.deepEqual(needed.filter((n) => !isDocumented(n, table)), [], 'every variable the sentence names has a row in the table');
  });

  test('every variable a ledger service sets has a row in the table', () => {
    assert.deepEqual(undocumentedIn(composeText, table), []);
  });

  test('every variable a distributed setup needs is set in every ledger service', () => {
    assert.deepEqual(missingFrom(composeText, needed), []);
  });

  test('every host variable the file reads is a documented one', () => {
    assert.deepEqual(interpolatedVariables(composeText).filter((n) => !isDocumented(n, table)), []);
  });

  test('the checks bite: an undocumented variable, a needed one left out, an unknown host variable', () => {
    const extra = composeText.replace('      HOST: 0.0.0.0', '      HOST: 0.0.0.0\n      CACHE_SIZE_MB: 64');
    assert.deepEqual(undocumentedIn(extra, table), ['api: CACHE_SIZE_MB']);
    assert.deepEqual(undocumentedIn(composeText, table.filter((n) => n !== 'KAFKA_TOPIC')), ['api: KAFKA_TOPIC', 'worker: KAFKA_TOPIC', 'relay: KAFKA_TOPIC']);
    const withoutTopic = composeText.replace('    KAFKA_TOPIC: billing.events.v1\n', '');
    assert.deepEqual(missingFrom(withoutTopic, ['KAFKA_TOPIC']), ['api: KAFKA_TOPIC', 'worker: KAFKA_TOPIC', 'relay: KAFKA_TOPIC']);
    assert.deepEqual(interpolatedVariables('x: ${UNKNOWN_THING:-1} # ${IN_A_COMMENT}'), ['UNKNOWN_THING']);
    assert.equal(isDocumented('SELLER_NAME', ['SELLER_*']), true);
  });
});
