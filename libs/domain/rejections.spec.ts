// Every refusal code has words a person can act on: a problem, the case's specifics in
// parentheses, and a remedy, as one sentence; the decider's refusals carry them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rejected, rejectInvalid } from './decider';
import { REJECTIONS, isRejectionCode, rejectionSentence, type RejectionCode } from './rejections';

test('each code reads as sentences: a capital first, a full stop last, no bare code', () => {
  for (const code of Object.keys(REJECTIONS) as RejectionCode[]) {
    const sentence = rejectionSentence(code);
    assert.match(sentence, /^[A-Z][^]*\.$/, code);
    assert.ok(!sentence.includes(code), `${code}: the words do not just repeat the code`);
    assert.match(REJECTIONS[code].remedy, /^[A-Z].*\.$/, `${code}: the remedy is a sentence of its own`);
  }
});

test('the specifics of a case sit in parentheses between the problem and the remedy', () => {
  assert.equal(rejectionSentence('TIER_UNCHANGED'), 'The account is already on this tier. Choose a different tier.');
  assert.equal(
    rejectionSentence('REFUND_EXCEEDS_PAYMENT', 'at most 40 can be refunded'),
    'The amount is more than is left of the payment (at most 40 can be refunded). Refund at most what remains of the payment after earlier refunds and disputes.',
  );
});

test('a Rejected carries its code, its specifics, the field for a validation failure, and the sentence', () => {
  const rejection = new Rejected('VALIDATION_FAILED', 'tier must be one of starter, pro, enterprise', 'tier');
  assert.deepEqual([rejection.code, rejection.specifics, rejection.errors], ['VALIDATION_FAILED', 'tier must be one of starter, pro, enterprise', [{ field: 'tier', message: 'tier must be one of starter, pro, enterprise' }]]);
  assert.match(rejection.message, /^The request is not valid \(tier must be one of starter, pro, enterprise\)\. /);
  assert.ok(isRejectionCode('NOT_SUBSCRIBED'));
  assert.ok(!isRejectionCode('toString'), 'only the catalogue’s own keys');
});

test('a validation failure may name several fields, each with its own message, in one Rejected', () => {
  const problems = [{ field: 'percentOff', message: 'give exactly one of percentOff and amountOff' }, { field: 'months', message: 'months is only for a repeating coupon' }];
  const rejection = catchRejection(() => rejectInvalid(problems));
  assert.equal(rejection.code, 'VALIDATION_FAILED');
  assert.deepEqual(rejection.errors, problems);
  assert.match(rejection.message, /^The request is not valid \(percentOff: give exactly one of percentOff and amountOff; months: months is only for a repeating coupon\)\. Correct/);
  assert.doesNotThrow(() => rejectInvalid([]), 'no problem, no rejection');
  assert.deepEqual(new Rejected('NOT_SUBSCRIBED').errors, [], 'a business refusal names no field');
});

function catchRejection(act: () => void): Rejected {
  try {
    act();
  } catch (error) {
    if (error instanceof Rejected) return error;
    throw error;
  }
  assert.fail('expected a Rejected');
}
