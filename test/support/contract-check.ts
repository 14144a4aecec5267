import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { projectRoot } from '../../libs/infra/database/project-root';

/**
 * Checks an answer of the API against the committed OpenAPI document (libs/contract/openapi.json):
 * the operation and its status are documented, and the body matches the documented schema exactly
 * — a field the document does not describe is as much a failure as a missing or mistyped one. A
 * problem+json answer must also carry a `detail` that reads as a sentence. The typed client the
 * end-to-end tests use (api-client.ts) runs this on every answer, so the document cannot drift
 * from what the service sends.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  readonly responses: Record<string, JsonObject>;
}

const document = JSON.parse(readFileSync(join(projectRoot(), 'libs', 'contract', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonObject>; responses: Record<string, JsonObject> };
};

const definitions = Object.fromEntries(Object.entries(document.components.schemas).map(([name, schema]) => [name, strict(schema)]));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv: `nullable` becomes a `null` alternative, references
 * point at `definitions`, and every object with declared properties refuses undeclared ones.
 */
export function strict(node: Json): Json {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/components/schemas/', '#/definitions/');
    else if (key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, strict(schema)]));
    } else if (key !== 'nullable' && key !== 'example' && key !== 'deprecated') out[key] = strict(value);
  }
  if (out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  if (node.nullable !== true) return out;
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string' && out.allOf === undefined) return { ...out, type: [out.type, 'null'] };
  return { anyOf: [out, { type: 'null' }] };
}

function responseOf(operation: Operation, status: number): JsonObject | undefined {
  const response = operation.responses[String(status)] ?? operation.responses.default;
  if (response && typeof response.$ref === 'string') return document.components.responses[response.$ref.split('/').pop() as string];
  return response;
}

const templates = Object.keys(document.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  literal: !template.includes('{'),
}));

/**
 * The documented path template a concrete path and method belong to (a literal path wins over a
 * template), or undefined when the document lists no such operation.
 */
export function templateOf(method: string, pathname: string): string | undefined {
  const matches = templates.filter((candidate) => candidate.pattern.test(pathname) && document.paths[candidate.template][method.toLowerCase()] !== undefined);
  return (matches.find((candidate) => candidate.literal) ?? matches[0])?.template;
}

export class ContractBreach extends Error {
  override name = 'ContractBreach';
}

/** Throws a ContractBreach naming what differs; answers nothing when the answer keeps the contract. */
export function checkAnswer(method: string, path: string, status: number, contentType: string | null, body: unknown): void {
  const where = `${method.toUpperCase()} ${path} → ${status}`;
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new ContractBreach(`${method.toUpperCase()} ${path} is not in libs/contract/openapi.json`);
  const response = responseOf(operation, status);
  if (!response) throw new ContractBreach(`${where}: the document lists no ${status} answer for this operation (it lists ${Object.keys(operation.responses).join(', ')})`);
  const content = response.content as Record<string, { schema: Json }> | undefined;
  if (!content) return;
  const mediaType = (contentType ?? '').split(';')[0].trim();
  const declared = content[mediaType];
  if (!declared) throw new ContractBreach(`${where}: answered ${mediaType || 'no content type'}, the document says ${Object.keys(content).join(' or ')}`);
  if (isBinary(declared.schema)) return checkBytes(where, mediaType, body);
  const key = `${method} ${path} ${status} ${mediaType}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ ...(strict(declared.schema) as JsonObject), definitions });
    validators.set(key, validate);
  }
  if (!validate(body)) {
    const problems = (validate.errors ?? []).slice(0, 8).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    throw new ContractBreach(`${where}: the body does not match the document:\n  ${problems.join('\n  ')}\nbody: ${JSON.stringify(body).slice(0, 600)}`);
  }
  if (mediaType === 'application/problem+json') checkSentence(where, (body as { detail?: unknown }).detail);
}

function isBinary(schema: Json): boolean {
  return schema !== null && typeof schema === 'object' && !Array.isArray(schema) && schema.type === 'string' && schema.format === 'binary';
}

/**
 * A file the document describes as binary (a PDF): there is no schema to hold it to, but it must
 * not be empty, and a PDF must be one (every PDF starts with `%PDF-`). The body comes as bytes,
 * or as the text a raw request decoded it to.
 */
function checkBytes(where: string, mediaType: string, body: unknown): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : undefined;
  if (bytes === undefined || bytes.length === 0) throw new ContractBreach(`${where}: the document promises a ${mediaType} file, and the body is empty`);
  if (mediaType === 'application/pdf' && bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new ContractBreach(`${where}: the body is not a PDF (it starts ${JSON.stringify(bytes.subarray(0, 16).toString('latin1'))})`);
}

/** `detail` is a sentence a person reads: a capital first, a full stop last. */
export function checkSentence(where: string, detail: unknown): void {
  if (typeof detail !== 'string' || !/^[A-Z][\s\S]*[.!?]$/.test(detail)) throw new ContractBreach(`${where}: detail is not a sentence: ${JSON.stringify(detail)}`);
}
