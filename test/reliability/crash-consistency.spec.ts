// A service SIGKILLed in the middle of 500 concurrent commands loses no acknowledged command and
// duplicates none: every 2xx answer's events are in the ledger exactly once, and retrying every
// command with its Idempotency-Key after the restart completes each exactly once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { call, mintToken, startService, type HttpAnswer, type ServiceProcess } from './support/service-process';
import { appendsByKey, verifyLedger } from './support/ledger-queries';

const ACCOUNTS = 125;
const KEY_PREFIX = 'crash-';

interface Command {
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** Four commands per account, in the order a vendor's app sends them. */
function commandsOf(index: number): Command[] {
  const id = `crash-${index}`;
  return [
    { key: `${KEY_PREFIX}${index}-open`, method: 'POST', path: '/v1/accounts', body: { accountId: id, businessName: `Shop ${index}`, email: `s${index}@example.com`, currency: 'GBP', taxRegion: 'GB' } },
    { key: `${KEY_PREFIX}${index}-subscribe`, method: 'POST', path: `/v1/accounts/${id}/subscription`, body: { tier: 'starter', branches: 1 } },
    { key: `${KEY_PREFIX}${index}-branch-1`, method: 'POST', path: `/v1/accounts/${id}/subscription/branches`, body: { delta: 1 } },
    { key: `${KEY_PREFIX}${index}-branch-2`, method: 'POST', path: `/v1/accounts/${id}/subscription/branches`, body: { delta: 2 } },
  ];
}

/** Sends one account's commands in order, stopping at the first that gets no 2xx. */
async function runChain(url: string, token: string, commands: readonly Command[], answers: Map<string, HttpAnswer>, onAnswer: () => void): Promise<void> {
  for (const command of commands) {
    const answer = await call(url, command.method, command.path, { token, body: command.body, headers: { 'idempotency-key': command.key } });
    answers.set(command.key, answer);
    onAnswer();
    if (answer.status < 200 || answer.status >= 300) return;
  }
}

describe('crash consistency: SIGKILL under 500 concurrent commands', () => {
  let db: TestDatabase;
  let service: ServiceProcess | undefined;
  const tokens: string[] = [];
  const commands = Array.from({ length: ACCOUNTS }, (_, i) => commandsOf(i));
  const firstRun = new Map<string, HttpAnswer>();

  before(async () => {
    db = await createTestDatabase('crash');
    for (let i = 0; i < ACCOUNTS; i++) tokens.push(await mintToken({ sub: `vendor-${i}`, role: 'vendor', accountId: `crash-${i}` }));
  });
  after(async () => {
    await service?.kill();
    await db?.drop();
  });

  test('given 500 commands in flight, when the service is SIGKILLed midway, then every acknowledged command is recorded exactly once', async (t) => {
    service = await startService({ databaseUrl: db.url });
    const victim = service;
    let answered = 0;
    let killed: Promise<void> | undefined;
    const started = Date.now();
    await Promise.all(
      commands.map((chain, i) =>
        runChain(victim.url, tokens[i], chain, firstRun, () => {
          answered++;
          if (answered === ACCOUNTS * 2 && !killed) killed = victim.kill('SIGKILL');
        }),
      ),
    );
    await killed;
    const acknowledged = [...firstRun.entries()].filter(([, answer]) => answer.status >= 200 && answer.status < 300);
    const unexpected = [...firstRun.values()].filter((answer) => answer.status !== 0 && (answer.status < 200 || answer.status >= 300));
    t.diagnostic(`first run: ${firstRun.size} sent, ${acknowledged.length} acknowledged, ${firstRun.size - acknowledged.length} lost, killed after ${Date.now() - started} ms`);
    assert.deepEqual(unexpected.map((a) => a.status), [], 'before the kill every command succeeds');
    assert.ok(acknowledged.length >= ACCOUNTS * 2 - 1 && acknowledged.length < ACCOUNTS * 4, 'the kill happened midway');

    const appends = await appendsByKey(db.url, KEY_PREFIX);
    const recordedButUnanswered = [...firstRun.entries()].filter(([key, answer]) => answer.status === 0 && appends.has(key)).length;
    t.diagnostic(`${recordedButUnanswered} lost answers belong to commands that were recorded before the kill`);
    for (const [key] of acknowledged) {
      const append = appends.get(key);
      assert.ok(append, `acknowledged command ${key} has events`);
      assert.equal(append.transactions, 1, `${key} was appended once`);
      assert.equal(append.streams, 1, `${key} is in one stream`);
    }
  });

  test('given the restarted service, when every command is retried with its key, then each completes exactly once', async (t) => {
    service = await startService({ databaseUrl: db.url });
    const restarted = service;
    const retries = new Map<string, HttpAnswer>();
    const started = Date.now();
    await Promise.all(commands.map((chain, i) => runChain(restarted.url, tokens[i], chain, retries, () => undefined)));
    t.diagnostic(`retries: ${retries.size} commands in ${Date.now() - started} ms, ${[...retries.values()].filter((a) => a.headers.get('idempotent-replayed') === 'true').length} replayed`);

    const failed = [...retries.entries()].filter(([, answer]) => answer.status < 200 || answer.status >= 300);
    assert.deepEqual(failed.map(([key, answer]) => `${key}: ${answer.status} ${JSON.stringify(answer.body)}`), []);
    assert.equal(retries.size, ACCOUNTS * 4);
    for (const [key, answer] of firstRun) {
      if (answer.status >= 200 && answer.status < 300) assert.deepEqual(retries.get(key)?.body, answer.body, `${key} answers as the first time`);
    }

    const appends = await appendsByKey(db.url, KEY_PREFIX);
    assert.equal(appends.size, ACCOUNTS * 4, 'every command left events');
    const twice = [...appends.values()].filter((append) => append.transactions !== 1 || append.streams !== 1);
    assert.deepEqual(twice, []);
    for (let i = 0; i < ACCOUNTS; i++) {
      const last = retries.get(`${KEY_PREFIX}${i}-branch-2`)?.body as { account: { branches: number } };
      assert.equal(last.account.branches, 4, `crash-${i} has 1 + 1 + 2 branches`);
    }
  });

  test('given the crash and the retries, then hash chains, stream tips and read models all agree with the events', async () => {
    assert.deepEqual(await verifyLedger(db.url), []);
  });
});
