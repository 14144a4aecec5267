// Proves which $all events make the ledger's feed, and which filter object KurrentDB is asked to apply.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_TYPE, STREAM_NAME } from '@kurrent/kurrentdb-client';
import type { Filter } from '@kurrent/kurrentdb-client';
import { escapeServerRegex, feedMember, serverFilter } from './feed.filter';

function regexOf(filter: Filter): RegExp {
  assert.ok('regex' in filter, 'a regex filter');
  return new RegExp(filter.regex);
}

describe('server filter', () => {
  test('given no filter and no namespace, when reading $all, then system event types are excluded on the server', () => {
    const filter = serverFilter({ namespace: '' });
    assert.equal(filter.filterOn, EVENT_TYPE);
    assert.equal(regexOf(filter).test('$statsCollected'), false);
    assert.equal(regexOf(filter).test('AccountOpened'), true);
  });

  test('given stream prefixes, when reading $all, then the server filters on stream names under the namespace', () => {
    const filter = serverFilter({ namespace: 'run7.', filter: { streamPrefixes: ['account-', 'invoice-'], eventTypes: ['InvoiceIssued'] } });
    assert.equal(filter.filterOn, STREAM_NAME);
    assert.deepEqual('prefixes' in filter ? filter.prefixes : undefined, ['run7.account-', 'run7.invoice-']);
  });

  test('given only a namespace, when reading $all, then the server filters on the namespace prefix', () => {
    const filter = serverFilter({ namespace: 'run7.', filter: { eventTypes: ['InvoiceIssued'] } });
    assert.equal(filter.filterOn, STREAM_NAME);
    assert.deepEqual('prefixes' in filter ? filter.prefixes : undefined, ['run7.']);
  });

  test('given event types only, when reading $all, then the server matches exactly those types', () => {
    const filter = serverFilter({ namespace: '', filter: { eventTypes: ['InvoiceIssued', 'TierChanged'] } });
    assert.equal(filter.filterOn, EVENT_TYPE);
    const regex = regexOf(filter);
    assert.equal(regex.test('InvoiceIssued'), true);
    assert.equal(regex.test('TierChanged'), true);
    assert.equal(regex.test('InvoiceIssuedAgain'), false);
    assert.equal(regex.test('PreInvoiceIssued'), false);
  });

  test('given an event type with regex metacharacters, when escaped, then it matches only itself', () => {
    const regex = new RegExp(`^${escapeServerRegex('a.b+(c)$')}$`);
    assert.equal(regex.test('a.b+(c)$'), true);
    assert.equal(regex.test('axbb(c)'), false);
  });

  test('given empty filter lists, when reading $all, then they restrict nothing', () => {
    assert.equal(serverFilter({ namespace: '', filter: { streamPrefixes: [], eventTypes: [] } }).filterOn, EVENT_TYPE);
    assert.equal(feedMember({ namespace: '', filter: { streamPrefixes: [], eventTypes: [] } }, 'account-1', 'AccountOpened'), 'account-1');
  });
});

describe('feed membership', () => {
  test('given a ledger stream, when checked, then the port sees its id', () => {
    assert.equal(feedMember({ namespace: '' }, 'account-1', 'AccountOpened'), 'account-1');
  });

  test('given system streams or system event types, when checked, then they are never in the feed', () => {
    const scope = { namespace: '', filter: { streamPrefixes: ['$'] } };
    assert.equal(feedMember(scope, '$stats-127.0.0.1:2113', 'AccountOpened'), undefined);
    assert.equal(feedMember({ namespace: '' }, 'account-1', '$metadata'), undefined);
    assert.equal(feedMember({ namespace: '' }, '$$account-1', '$metadata'), undefined);
  });

  test('given a namespace, when checked, then streams outside it are dropped and inside it lose the prefix', () => {
    const scope = { namespace: 'run7.' };
    assert.equal(feedMember(scope, 'run7.account-1', 'AccountOpened'), 'account-1');
    assert.equal(feedMember(scope, 'run8.account-1', 'AccountOpened'), undefined);
    assert.equal(feedMember(scope, 'account-1', 'AccountOpened'), undefined);
  });

  test('given prefixes and types, when checked, then an event must match both', () => {
    const scope = { namespace: '', filter: { streamPrefixes: ['invoice-'], eventTypes: ['InvoiceIssued'] } };
    assert.equal(feedMember(scope, 'invoice-9', 'InvoiceIssued'), 'invoice-9');
    assert.equal(feedMember(scope, 'invoice-9', 'InvoicePaid'), undefined);
    assert.equal(feedMember(scope, 'account-9', 'InvoiceIssued'), undefined);
  });
});
