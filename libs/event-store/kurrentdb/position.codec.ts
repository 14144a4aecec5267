import type { Position } from '@kurrent/kurrentdb-client';
import { decodePosition as decodeFeedPosition, encodePosition as encodeFeedPosition } from '../position';

/**
 * A KurrentDB log position {commit, prepare} as the port's opaque string, in the shared shape of
 * ../position.ts (two 16-digit hex numbers joined by '-'). KurrentDB orders $all by commit, then
 * prepare, and both are unsigned 64-bit numbers, so fixed-width hex makes plain string
 * comparison agree with the log order.
 */
const MAX_U64 = (1n << 64n) - 1n;

function unsigned64(part: bigint): bigint {
  if (part < 0n || part > MAX_U64) throw new RangeError(`log position part out of the unsigned 64-bit range: ${part}`);
  return part;
}

export function encodePosition(position: Position): string {
  return encodeFeedPosition(unsigned64(position.commit), unsigned64(position.prepare));
}

export function decodePosition(value: string): Position {
  const { transactionId, globalPosition } = decodeFeedPosition(value);
  return { commit: transactionId, prepare: globalPosition };
}

/** Log order of two encoded positions; the string order, stated once so callers need not know it. */
export function comparePositions(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
