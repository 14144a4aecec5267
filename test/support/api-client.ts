import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../../libs/contract/openapi';
import { checkAnswer } from './contract-check';

/**
 * A client typed from the committed OpenAPI document (libs/contract): a path, parameter or body
 * the document does not describe is a compile error in the test that uses it. Every answer is
 * also checked against the document at run time (contract-check.ts): an undocumented status, a
 * missing, mistyped or undocumented field, or a problem whose detail is not a sentence fails the
 * call. So the end-to-end tests that use it keep the document true to the service.
 */
export type ApiClient = Client<paths>;

const keepsTheContract: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const contentType = response.headers.get('content-type');
    checkAnswer(request.method, schemaPath, response.status, contentType, await bodyOf(response.clone(), contentType));
    return undefined;
  },
};

/** JSON as parsed; anything else (a PDF) as its bytes, which the document describes as binary. */
async function bodyOf(response: Response, contentType: string | null): Promise<unknown> {
  if (!isJson(contentType)) return new Uint8Array(await response.arrayBuffer());
  const text = await response.text();
  return text === '' ? undefined : JSON.parse(text);
}

function isJson(contentType: string | null): boolean {
  const mediaType = (contentType ?? '').split(';')[0].trim();
  return mediaType === '' || mediaType === 'application/json' || mediaType.endsWith('+json');
}

export function apiClient(baseUrl: string, token?: string, headers: Record<string, string> = {}): ApiClient {
  const client = createClient<paths>({ baseUrl, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  client.use(keepsTheContract);
  return client;
}

/** The body of a successful answer, or a failure that shows the problem the API gave instead. */
export function ok<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw new Error(`expected success, got ${answer.response.status}: ${JSON.stringify(answer.error)}`);
  return answer.data;
}
