import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../libs/contract/openapi';

/**
 * A client typed from the committed OpenAPI document (libs/contract): a path, parameter or body
 * the document does not describe is a compile error in the test that uses it.
 */
export type ApiClient = Client<paths>;

export function apiClient(baseUrl: string, token?: string): ApiClient {
  return createClient<paths>({ baseUrl, headers: token ? { authorization: `Bearer ${token}` } : {} });
}
