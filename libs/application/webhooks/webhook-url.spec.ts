/** Which addresses a webhook may not reach: loopback, private, link-local and reserved ones, however spelt. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPrivateAddress, parseWebhookUrl, WebhookUrlNotAllowed } from './webhook-url';

test('loopback, private, link-local, shared and reserved addresses are private; public ones are not', () => {
  for (const address of ['127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::7', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a00:1', 'not-an-ip']) {
    assert.equal(isPrivateAddress(address), true, address);
  }
  for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700::6810:85e5', '::ffff:5db8:d70e']) {
    assert.equal(isPrivateAddress(address), false, address);
  }
});

test('only http and https without credentials; literal private addresses refused unless allowed', () => {
  assert.equal(parseWebhookUrl('https://hooks.example.com/x', false).hostname, 'hooks.example.com');
  for (const url of ['ftp://hooks.example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'https://user:pass@hooks.example.com/', 'http://127.0.0.1:8080/', 'http://[::ffff:127.0.0.1]/', 'http://0x7f.1/']) {
    assert.throws(() => parseWebhookUrl(url, false), WebhookUrlNotAllowed, url);
  }
  assert.equal(parseWebhookUrl('http://127.0.0.1:8080/', true).port, '8080');
});
