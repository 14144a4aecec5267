// `npm run ledger -- --help` (and `help`, `-h`, `help <command>`, `<command> --help`) prints usage
// for every command on standard output and exits 0; an unknown command, no command or a bad option
// prints what was wrong and the usage on standard error and exits 2. None of it needs a database.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runLedgerCli } from '../support/ledger-cli';

const NO_DATABASE = 'postgres://nobody@127.0.0.1:1/none';
const COMMANDS = ['replay', 'verify', 'export', 'token', 'help'];

const ledger = (...args: string[]) => runLedgerCli(NO_DATABASE, ...args);

function assertFullUsage(text: string): void {
  assert.match(text, /^Usage: npm run -s ledger -- <command> \[options\]/m);
  for (const command of COMMANDS) assert.match(text, new RegExp(`^  ${command}\\b`, 'm'), `the usage lists ${command}`);
  assert.match(text, /TOKEN=\$\(npm run -s ledger -- token --role finance\)/);
  assert.match(text, /Exit status: 0 done, 1 findings or failure, 2 bad usage or configuration/);
}

describe('ledger usage', () => {
  for (const args of [['--help'], ['help'], ['-h']]) {
    test(`${args.join(' ')} prints the usage of every command and exits 0`, async () => {
      const result = await ledger(...args);
      assert.equal(result.code, 0, result.stderr);
      assertFullUsage(result.stdout);
      assert.equal(result.stderr, '');
    });
  }

  test('help export and export --help say what --from and --to cover', async () => {
    for (const args of [['help', 'export'], ['export', '--help']]) {
      const result = await ledger(...args);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Usage: npm run -s ledger -- export --from YYYY-MM-DD --to YYYY-MM-DD \[--format csv\|jsonl\]/);
      assert.match(result.stdout, /both days are\s+included \(UTC days\)/);
      assert.match(result.stdout, /--to YYYY-MM-DD\s+last day, included \(UTC\)/);
    }
  });

  test('an unknown command says so, prints the usage on standard error and exits 2', async () => {
    const result = await ledger('frobnicate');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^ledger: unknown command "frobnicate"/);
    assertFullUsage(result.stderr);
    assert.equal(result.stdout, '', 'nothing on standard output for a script to mistake for a result');
  });

  test('no command at all is bad usage too', async () => {
    const result = await ledger();
    assert.equal(result.code, 2);
    assertFullUsage(result.stderr);
  });

  test('a bad option or date names the problem and shows that command\'s usage', async () => {
    const option = await ledger('export', '--form', '2026-01-01');
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Unknown option '--form'/);
    assert.match(option.stderr, /Usage: npm run -s ledger -- export /);
    const date = await ledger('export', '--from', '2026-02-30', '--to', '2026-03-01');
    assert.equal(date.code, 2);
    assert.match(date.stderr, /--from must be a date such as 2026-01-31, not "2026-02-30"/);
    const order = await ledger('export', '--from', '2026-03-02', '--to', '2026-03-01');
    assert.equal(order.code, 2);
    assert.match(order.stderr, /--to 2026-03-01 is before --from 2026-03-02/);
  });
});
