/** The snapshot memory keeps the latest revision of each stream and stays within its size. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { StreamSnapshots, type StreamSnapshot } from './stream-snapshots';

const at = (revision: number): StreamSnapshot<string> => ({ state: `state@${revision}`, revision, position: String(revision), occurredAt: '2026-03-01T00:00:00.000Z', idempotencyKeys: new Set() });

describe('StreamSnapshots', () => {
  test('given a snapshot at revision 5, when one at revision 3 is offered, then revision 5 is kept', () => {
    const snapshots = new StreamSnapshots<string>();
    snapshots.remember('s', at(5));

    snapshots.remember('s', at(3));

    assert.equal(snapshots.get('s')?.revision, 5);
  });

  test('given a snapshot at revision 5, when one at revision 6 is offered, then revision 6 replaces it', () => {
    const snapshots = new StreamSnapshots<string>();
    snapshots.remember('s', at(5));

    snapshots.remember('s', at(6));

    assert.equal(snapshots.get('s')?.state, 'state@6');
  });

  test('given a snapshot at revision 6, when revision 5 is forgotten, then revision 6 stays', () => {
    const snapshots = new StreamSnapshots<string>();
    snapshots.remember('s', at(6));

    snapshots.forget('s', 5);

    assert.equal(snapshots.get('s')?.revision, 6);
  });

  test('given a snapshot at revision 6, when revision 6 is forgotten, then the stream has no snapshot', () => {
    const snapshots = new StreamSnapshots<string>();
    snapshots.remember('s', at(6));

    snapshots.forget('s', 6);

    assert.equal(snapshots.get('s'), undefined);
  });

  test('given a full memory, when another stream is remembered, then the least recently used stream is dropped', () => {
    const snapshots = new StreamSnapshots<string>(2);
    snapshots.remember('a', at(1));
    snapshots.remember('b', at(1));
    snapshots.get('a');

    snapshots.remember('c', at(1));

    assert.equal(snapshots.size, 2);
    assert.equal(snapshots.get('b'), undefined);
    assert.ok(snapshots.get('a'));
    assert.ok(snapshots.get('c'));
  });
});

describe('StreamSnapshots.peek', () => {
  test('given a full memory, when the oldest snapshot is peeked at and another stream is remembered, then the peeked one is still the one evicted', () => {
    const snapshots = new StreamSnapshots<string>(2);
    snapshots.remember('a', at(1));
    snapshots.remember('b', at(1));

    assert.equal(snapshots.peek('a')?.revision, 1);
    snapshots.remember('c', at(1));

    assert.equal(snapshots.peek('a'), undefined);
    assert.equal(snapshots.peek('b')?.revision, 1);
  });

  test('given a full memory, when the oldest snapshot is used (get), then the other one is evicted instead', () => {
    const snapshots = new StreamSnapshots<string>(2);
    snapshots.remember('a', at(1));
    snapshots.remember('b', at(1));

    snapshots.get('a');
    snapshots.remember('c', at(1));

    assert.equal(snapshots.peek('a')?.revision, 1);
    assert.equal(snapshots.peek('b'), undefined);
  });
});
