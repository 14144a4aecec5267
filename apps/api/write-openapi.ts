/**
 * `npm run openapi`: writes the API's OpenAPI document to libs/contract/openapi.json and the
 * TypeScript types generated from it to libs/contract/openapi.d.ts. The app is built over a
 * runtime that never connects (describing the routes needs no database), with the manual clock so
 * that the admin clock endpoint is described too.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildContract, contractDir } from './openapi-contract';

async function main(): Promise<void> {
  const { json, types } = await buildContract();
  writeFileSync(join(contractDir, 'openapi.json'), json);
  writeFileSync(join(contractDir, 'openapi.d.ts'), types);
  process.stdout.write(`wrote ${join(contractDir, 'openapi.json')} and openapi.d.ts\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
