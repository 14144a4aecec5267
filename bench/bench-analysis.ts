/**
 * The prose of BENCHMARKS.md that measuring and profiling taught us: what bounds each figure and
 * what was changed because of it. Kept apart from the renderer so that the numbers stay generated
 * and the reasoning stays reviewable.
 */
export const ANALYSIS = {
  append: `**What bounds it.** TODO`,
  http: `**What bounds it.** TODO`,
  projection: `**What bounds it.** TODO`,
  replay: `**What bounds it.** TODO`,
  relay: `**What bounds it.** TODO`,
  howToRun: `## How to run

\`\`\`sh
npm run bench                                  # everything, full sizes (about ten minutes)
BENCH_EVENTS=100000 npm run bench              # a quicker replay
BENCH_ONLY=append,http npm run bench           # some benchmarks only (append, http, projection, replay, relay)
BENCH_DATABASE_URL=postgres://… npm run bench  # another PostgreSQL server instead of the embedded one
\`\`\`

Other knobs: \`BENCH_RUNS\` (at least 3), \`BENCH_APPEND_MS\`, \`BENCH_HTTP_SECONDS\`,
\`BENCH_PROJECTION_EVENTS\`, \`BENCH_RELAY_EVENTS\`. Progress goes to stderr. \`npm test\` runs every
benchmark with tiny sizes (test/bench/bench-smoke.spec.ts) so that they keep working.
`,
};
