import type { Position } from '@kurrent/kurrentdb-client';

/**
 * A KurrentDB log position {commit, prepare} as the port's opaque string: two 16-digit lowercase
 * hex numbers joined by '-'. KurrentDB orders $all by commit, then prepare, and both are unsigned
 * 64-bit numbers, so fixed-width hex makes plain string comparison agree with the log order. The
 * PostgreSQL engine uses the same shape for (transaction_id, global_position).
 */
const HEX_DIGITS = 16;
const MAX_U64 = (1n << 64n) - 1n;
const POSITION_PATTERN = /^[0-9a-f]{16}-[0-9a-f]{16}$/;

export class InvalidKurrentPosition extends Error {
  constructor(readonly value: string) {
    super(`not a KurrentDB ledger position: ${JSON.stringify(value.slice(0, 80))}`);
    this.name = 'InvalidKurrentPosition';
  }
}

function hex(part: bigint): string {
  if (part < 0n || part > MAX_U64) throw new RangeError(`log position part out of the unsigned 64-bit range: ${part}`);
  return part.toString(16).padStart(HEX_DIGITS, '0');
}

export function encodePosition(position: Position): string {
  return `${hex(position.commit)}-${hex(position.prepare)}`;
}

export function decodePosition(value: string): Position {
  if (!POSITION_PATTERN.test(value)) throw new InvalidKurrentPosition(value);
  const [commit, prepare] = value.split('-');
  return { commit: BigInt(`0x${commit}`), prepare: BigInt(`0x${prepare}`) };
}

/** Log order of two encoded positions; the string order, stated once so callers need not know it. */
export function comparePositions(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
