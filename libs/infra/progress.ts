/**
 * Progress for long jobs (replay, verify, bench) on stderr: a redrawn bar on a terminal, a line
 * every few seconds otherwise (CI logs), so that nobody stares at a silent prompt.
 */
export interface Progress {
  tick(done: number, note?: string): void;
  finish(note?: string): void;
}

const BAR_WIDTH = 30;
const PLAIN_INTERVAL_MS = 2_000;

export function createProgress(label: string, total?: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastPlain = 0;
  let last = 0;
  const line = (done: number, note?: string) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = Math.round(done / seconds);
    const share = total ? Math.min(done / total, 1) : undefined;
    const bar = share === undefined ? '' : `[${'#'.repeat(Math.round(share * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ${(share * 100).toFixed(0).padStart(3)}% `;
    return `${label} ${bar}${done}${total ? `/${total}` : ''} (${rate}/s, ${seconds.toFixed(1)} s)${note ? ` ${note}` : ''}`;
  };
  return {
    tick(done, note) {
      last = done;
      if (stream.isTTY) {
        stream.write(`\r${line(done, note)}`);
      } else if (Date.now() - lastPlain >= PLAIN_INTERVAL_MS) {
        lastPlain = Date.now();
        stream.write(`${line(done, note)}\n`);
      }
    },
    finish(note) {
      stream.write(`${stream.isTTY ? '\r' : ''}${line(last, note)}\n`);
    },
  };
}
