import createFetchClient, { type Middleware } from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import type { paths } from '../../../../libs/contract/openapi';
import { session } from '../session/session-store';

/**
 * The one way the page talks to the ledger: a client typed from the committed OpenAPI document
 * (libs/contract, generated from the api's own decorators), so that a path, parameter or body the
 * api does not have is a compile error here. Every request carries the session's token; every
 * read under /v1 carries `?after=` with the newest position this tab wrote, so the page reads its
 * own writes; a 401 signs out with the API's own sentence.
 */
const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    const { token, lastPosition } = session.snapshot();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    const url = new URL(request.url);
    if (request.method === 'GET' && lastPosition && url.pathname.startsWith('/v1/') && !url.searchParams.has('after')) {
      url.searchParams.set('after', lastPosition);
      return new Request(url, request);
    }
    return request;
  },
  async onResponse({ response }) {
    if (response.status === 401 && session.snapshot().token) {
      const body: unknown = await response.clone().json().catch(() => undefined);
      const detail = typeof body === 'object' && body !== null && 'detail' in body ? String((body as { detail: unknown }).detail) : '';
      session.signOut(signOutSentence(detail));
    }
    return response;
  },
};

function signOutSentence(detail: string): string {
  if (/expired/i.test(detail)) return 'Your sign-in has expired. Paste a new token to go on.';
  return 'This token is not valid for this ledger. Paste a token that npm start or npm run ledger -- token printed.';
}

export const fetchClient = createFetchClient<paths>({ baseUrl: window.location.origin });
fetchClient.use(sessionMiddleware);

export const $api = createQueryClient(fetchClient);

/** Every command answers with the position it produced; later reads wait for it. */
export function notePosition(answer: unknown): void {
  if (typeof answer === 'object' && answer !== null && 'position' in answer) {
    const position = (answer as { position: unknown }).position;
    if (typeof position === 'string') session.notePosition(position);
  }
}
