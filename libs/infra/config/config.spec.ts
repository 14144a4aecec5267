// The configuration is one validated object: defaults from api.md, and a bad value stops the
// start with a message naming the variable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'config-'));

test('defaults follow the contract', () => {
  const config = loadConfig({ DATA_DIR: dataDir() });
  assert.equal(config.port, 3000);
  assert.equal(config.eventStore, 'postgres');
  assert.equal(config.kafkaTopic, 'billing.events.v1');
  assert.equal(config.clock, 'system');
  assert.equal(config.logLevel, 'info');
  assert.deepEqual(config.kafkaBrokers, []);
  assert.equal(config.databaseUrl, undefined);
});

test('a JWT secret is generated into DATA_DIR once and reused', () => {
  const dir = dataDir();
  const first = loadConfig({ DATA_DIR: dir });
  assert.equal(first.jwtSecretSource, 'generated');
  assert.equal(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim(), first.jwtSecret);
  const second = loadConfig({ DATA_DIR: dir });
  assert.equal(second.jwtSecretSource, 'data-dir');
  assert.equal(second.jwtSecret, first.jwtSecret);
});

const bad: Array<[Record<string, string>, string]> = [
  [{ PORT: 'eighty' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ EVENT_STORE: 'mysql' }, 'EVENT_STORE'],
  [{ EVENT_STORE: 'kurrentdb' }, 'KURRENTDB_URL'],
  [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
  [{ KAFKA_BROKERS: 'localhost' }, 'KAFKA_BROKERS'],
  [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
  [{ BILLING_CLOCK: 'fast' }, 'BILLING_CLOCK'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  [{ NODE_ENV: 'production' }, 'SELLER_NAME'],
  [{ SELLER_NAME: 'Acme Ltd', SELLER_ADDRESS: '1 High St' }, 'SELLER_TAX_ID'],
  [{ SELLER_TAX_ID: 'GB123456789' }, 'SELLER_NAME'],
  [{ SELLER_NAME: 'x'.repeat(201), SELLER_ADDRESS: 'a', SELLER_TAX_ID: 'b' }, 'SELLER_NAME'],
];

for (const [env, variable] of bad) {
  test(`a bad ${variable} stops the start with a message naming it`, () => {
    assert.throws(() => loadConfig({ DATA_DIR: dataDir(), ...env }), (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.includes(variable));
  });
}

test('the seller comes from SELLER_NAME, SELLER_ADDRESS (lines split on newlines) and SELLER_TAX_ID; without them only outside production', () => {
  const env = { DATA_DIR: dataDir(), SELLER_NAME: ' Directory Ltd ', SELLER_ADDRESS: '1 Quay Street\\nDublin 2\nD02 XY45', SELLER_TAX_ID: 'IE1234567T' };
  assert.deepEqual(loadConfig(env).seller, { name: 'Directory Ltd', addressLines: ['1 Quay Street', 'Dublin 2', 'D02 XY45'], taxId: 'IE1234567T' });
  assert.deepEqual(loadConfig({ ...env, NODE_ENV: 'production' }).seller?.taxId, 'IE1234567T');
  assert.equal(loadConfig({ DATA_DIR: dataDir() }).seller, undefined);
});
