/**
 * testcontainers 12 (which @testcontainers/kurrentdb 12.1 requires) declares Node >= 22.22 and
 * does not load on Node 20: its HTTP client, undici 8, needs zlib's zstd at load time. The ledger
 * itself still runs on Node 20, so only `npm run test:servers` needs the newer Node.
 */
export const TESTCONTAINERS_MIN_NODE = '22.22.0';

/** The Node release that test:servers switches to through `npx -y node@24` (a registry package). */
export const SWITCH_TO_NODE = '24';

export function nodeSatisfies(version: string, minimum: string): boolean {
  const parse = (v: string) => v.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [have, need] = [parse(version), parse(minimum)];
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0);
  }
  return true;
}
