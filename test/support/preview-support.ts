import assert from 'node:assert/strict';
import type { TestApp, TestResponse } from './test-app';

/**
 * Helpers for holding a preview against its command: the command endpoint and preview body of each
 * action, and the documents a command really issued, read back through GET /v1/invoices/{id}.
 */
export type Action = 'subscribe' | 'changeTier' | 'changeBranches' | 'reportProductCount' | 'hibernate' | 'resume' | 'cancel';

const ENDPOINTS: Readonly<Record<Action, { method: string; path: string }>> = {
  subscribe: { method: 'POST', path: '/subscription' },
  changeTier: { method: 'POST', path: '/subscription/tier' },
  changeBranches: { method: 'POST', path: '/subscription/branches' },
  reportProductCount: { method: 'PUT', path: '/product-count' },
  hibernate: { method: 'POST', path: '/subscription/hibernate' },
  resume: { method: 'POST', path: '/subscription/resume' },
  cancel: { method: 'POST', path: '/subscription/cancel' },
};

export function runCommand(app: TestApp, token: string, accountId: string, action: Action, body?: Record<string, unknown>): Promise<TestResponse> {
  const { method, path } = ENDPOINTS[action];
  return app.request(method, `/v1/accounts/${accountId}${path}`, { token, body });
}

export function runPreview(app: TestApp, token: string, accountId: string, action: Action, body?: Record<string, unknown>): Promise<TestResponse> {
  return app.request('POST', `/v1/accounts/${accountId}/preview`, { token, body: { action, ...(body ?? {}) } });
}

/** The stream's last revision (-1 before the first event). */
export async function streamRevision(app: TestApp, accountId: string): Promise<number> {
  return (await app.runtime.store.readStream(`account-${accountId}`)).at(-1)?.revision ?? -1;
}

/**
 * Every document issued in the account's stream after `revision`, as GET /v1/invoices/{id} shows
 * it once the read model has `position`, with `id` and `number` set to null as a preview shows them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- compared as the JSON the API answers
export async function documentsIssuedAfter(app: TestApp, token: string, accountId: string, revision: number, position: string): Promise<any[]> {
  const events = await app.runtime.store.readStream(`account-${accountId}`, { fromRevision: revision + 1 });
  const ids = events.filter((event) => event.type === 'InvoiceIssued').map((event) => (event.data as { invoiceId: string }).invoiceId);
  const documents = [];
  for (const invoiceId of ids) {
    const read = await app.request('GET', `/v1/invoices/${invoiceId}?after=${position}`, { token });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    documents.push({ ...read.body, id: null, number: null });
  }
  return documents;
}

/** A refusal as the client sees it: status, code and field errors. */
export function refusalOf(response: TestResponse): { status: number; code: unknown; errors: unknown } {
  return { status: response.status, code: response.body?.code, errors: response.body?.errors };
}
