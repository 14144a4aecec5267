import type { paths } from '../../../../libs/contract/openapi';

/**
 * Response bodies by path and method, read from the generated contract, so that a page's props
 * are the API's own types and never a hand-written copy of them.
 */
type Json<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;
type Success<Responses> = Responses extends { 200: infer R } ? R : Responses extends { 201: infer R } ? R : Responses extends { 202: infer R } ? R : never;

export type OkBody<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method] extends { responses: infer Responses } ? Json<Success<Responses>> : never;

export type Session = OkBody<'/v1/me', 'get'>;
