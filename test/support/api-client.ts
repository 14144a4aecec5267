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
    const text = await response.clone().text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    checkAnswer(request.method, schemaPath, response.status, response.headers.get('content-type'), body);
    return undefined;
  },
};

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
