import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from './csv';

// CSV that spreadsheets read as finance means it: quoted where needed, numbers as numbers, no formulas.
test('quotes what needs quoting and ends lines with CRLF', () => {
  assert.equal(toCsv(['region', 'note'], [['GB', 'a, b'], ['IE', 'say "hi"'], ['FR', 'two\nlines']]), 'region,note\r\nGB,"a, b"\r\nIE,"say ""hi"""\r\nFR,"two\nlines"\r\n');
});

test('keeps numbers, negative ones included, and defuses text a spreadsheet would run', () => {
  assert.equal(toCsv(['amount', 'text'], [['-1.20', '=SUM(A1)'], [-48, '@cmd'], ['0.00', '+1']]), "amount,text\r\n-1.20,'=SUM(A1)\r\n-48,'@cmd\r\n0.00,'+1\r\n");
});

test('empty cells stay empty; a short row is a bug', () => {
  assert.equal(toCsv(['a', 'b'], [[null, undefined]]), 'a,b\r\n,\r\n');
  assert.throws(() => toCsv(['a', 'b'], [['x']]), RangeError);
});
