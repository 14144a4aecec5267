/** The relay checkpoint is durable per relay name and never moves backwards. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FeedCheckpoints } from '../../libs/infra/feed/feed-checkpoints';
import { createLedgerFixture, type LedgerFixture } from './relay-fixture';

let ledger: LedgerFixture;

describe('relay checkpoint store (feed_checkpoints, shared by every feed follower)', () => {
  before(async () => {
    ledger = await createLedgerFixture();
  });
  after(async () => {
    await ledger?.close();
  });

  test('given no checkpoint, when loaded, then it is undefined (publish from the beginning)', async () => {
    assert.equal(await new FeedCheckpoints(ledger.pool).load('fresh'), undefined);
  });

  test('given a saved checkpoint, when a later position is saved, then the later one is loaded', async () => {
    const store = new FeedCheckpoints(ledger.pool);
    await store.save('forward', '000000000000031a-0000000000000042');
    await store.save('forward', '000000000000031b-0000000000000043');
    assert.equal(await store.load('forward'), '000000000000031b-0000000000000043');
  });

  test('given a saved checkpoint, when an earlier position is saved, then the checkpoint stays where it was', async () => {
    const store = new FeedCheckpoints(ledger.pool);
    await store.save('monotonic', '00000000000000ff-0000000000000100');
    await store.save('monotonic', '00000000000000fe-00000000000000ff');
    assert.equal(await store.load('monotonic'), '00000000000000ff-0000000000000100');
  });

  test('given two relay names, when each saves, then their checkpoints are independent', async () => {
    const store = new FeedCheckpoints(ledger.pool);
    await store.save('first', '0000000000000001-0000000000000001');
    await store.save('second', '0000000000000002-0000000000000002');
    assert.deepEqual([await store.load('first'), await store.load('second')], ['0000000000000001-0000000000000001', '0000000000000002-0000000000000002']);
  });
});
