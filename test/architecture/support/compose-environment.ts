/**
 * Reads what compose-file.spec.ts compares: the README's configuration table (and its sentence on
 * what a distributed setup sets), and the environment docker-compose.yml gives the ledger's own
 * services. Plain functions over text, so the spec can also feed them altered copies and show
 * that each check bites.
 */
import { parseDocument } from 'yaml';

const NAME = /^[A-Z][A-Z0-9_]*\*?$/;

/** The README section under a `## title` heading, up to the next `## ` heading. */
function section(readme: string, title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function backticked(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((token) => NAME.test(token));
}

/** Every variable the configuration table documents; a name ending in `*` stands for a family (`SELLER_*`). */
export function documentedVariables(readme: string): string[] {
  const rows = section(readme, 'Configuration').split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => backticked(row.split('|')[1] ?? ''));
}

/** The variables the README says every process of a distributed setup sets (its paragraph starting "A distributed setup"). */
export function distributedVariables(readme: string): string[] {
  const paragraph = section(readme, 'Configuration').split('\n\n').find((p) => p.trimStart().startsWith('A distributed setup'));
  if (!paragraph) throw new Error('README "Configuration" has no paragraph starting "A distributed setup"');
  return backticked(paragraph);
}

export function isDocumented(name: string, documented: readonly string[]): boolean {
  return documented.some((doc) => (doc.endsWith('*') ? name.startsWith(doc.slice(0, -1)) : name === doc));
}

type ComposeService = { build?: unknown; environment?: Record<string, unknown> | string[] };

/** The compose file with YAML merge keys resolved, as Compose reads it. */
export function parseCompose(text: string): { services: Record<string, ComposeService> } {
  const document = parseDocument(text, { merge: true });
  if (document.errors.length > 0) throw document.errors[0];
  return document.toJS() as { services: Record<string, ComposeService> };
}

/** The ledger's own services (built from this repository's Dockerfile) and the variables each sets. */
export function ledgerEnvironments(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [name, service] of Object.entries(parseCompose(text).services)) {
    if (service.build === undefined) continue;
    const env = service.environment ?? {};
    result.set(name, Array.isArray(env) ? env.map((entry) => entry.split('=')[0]) : Object.keys(env));
  }
  return result;
}

/** Host variables the file reads through interpolation (`${NAME}`, `${NAME:-default}`, `${NAME:?message}`). */
export function interpolatedVariables(text: string): string[] {
  const withoutComments = text.split('\n').map((line) => line.replace(/(^|\s)#.*$/, '')).join('\n');
  return [...new Set([...withoutComments.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}
