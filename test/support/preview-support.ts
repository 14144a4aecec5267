import assert from 'node:assert/strict';
import type { ApiClient } from './api-client';
import type { TestApp } from './test-app';

/**
 * Helpers for holding a preview against its command: the command endpoint and preview body of each
 * action, and the documents a command really issued, read back through GET /v1/invoices/{invoiceId}.
 * Every request goes through the typed client, so every answer is checked against the document.
 */
export type Action = 'subscribe' | 'changeTier' | 'changeBranches' | 'reportProductCount' | 'hibernate' | 'resume' | 'cancel';

/** An answer as the tests compare it: status, body (the data or the problem) and headers. */
export interface Answer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- compared as the JSON the API answers
  readonly body: any;
  readonly headers: Headers;
}

export function answerOf(result: { data?: unknown; error?: unknown; response: Response }): Answer {
  return { status: result.response.status, body: result.data ?? result.error, headers: result.response.headers };
}

/**
 * The tests send some bodies wrong on purpose (a tier that does not exist, a zero delta, a field too
 * many), to see a preview refuse them as the command does; such a body is passed through as it is.
 */
type AnyBody = never;

export async function runCommand(client: ApiClient, accountId: string, action: Action, body?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const params = { path: { id: accountId } };
  const sent = { params, body: body as AnyBody, headers };
  switch (action) {
    case 'subscribe':
      return answerOf(await client.POST('/v1/accounts/{id}/subscription', sent));
    case 'changeTier':
      return answerOf(await client.POST('/v1/accounts/{id}/subscription/tier', sent));
    case 'changeBranches':
      return answerOf(await client.POST('/v1/accounts/{id}/subscription/branches', sent));
    case 'reportProductCount':
      return answerOf(await client.PUT('/v1/accounts/{id}/product-count', sent));
    case 'hibernate':
      return answerOf(await client.POST('/v1/accounts/{id}/subscription/hibernate', { params, headers }));
    case 'resume':
      return answerOf(await client.POST('/v1/accounts/{id}/subscription/resume', { params, headers }));
    case 'cancel':
      return answerOf(await client.POST('/v1/accounts/{id}/subscription/cancel', { params, headers }));
  }
}

export async function runPreview(client: ApiClient, accountId: string, action: Action, body?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  return answerOf(await client.POST('/v1/accounts/{id}/preview', { params: { path: { id: accountId } }, body: { action, ...(body ?? {}) } as AnyBody, headers }));
}

/** The stream's last revision (-1 before the first event). */
export async function streamRevision(app: TestApp, accountId: string): Promise<number> {
  return (await app.runtime.store.readStream(`account-${accountId}`)).at(-1)?.revision ?? -1;
}

/**
 * Every document issued in the account's stream after `revision`, as GET /v1/invoices/{invoiceId}
 * shows it once the read model has `position`, with `invoiceId`, `id` and `number` null as a
 * preview shows them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- compared as the JSON the API answers
export async function documentsIssuedAfter(app: TestApp, client: ApiClient, accountId: string, revision: number, position: string): Promise<any[]> {
  const events = await app.runtime.store.readStream(`account-${accountId}`, { fromRevision: revision + 1 });
  const ids = events.filter((event) => event.type === 'InvoiceIssued').map((event) => (event.data as { invoiceId: string }).invoiceId);
  const documents = [];
  for (const invoiceId of ids) {
    const read = await client.GET('/v1/invoices/{invoiceId}', { params: { path: { invoiceId }, query: { after: position } } });
    assert.equal(read.response.status, 200, JSON.stringify(read.error));
    documents.push({ ...read.data, invoiceId: null, id: null, number: null });
  }
  return documents;
}

/** A refusal as the client sees it: status, code and field errors. */
export function refusalOf(answer: Answer): { status: number; code: unknown; errors: unknown } {
  return { status: answer.status, code: answer.body?.code, errors: answer.body?.errors };
}
