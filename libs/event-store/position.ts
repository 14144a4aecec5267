/**
 * A feed position is a pair of unsigned 64-bit numbers: (transaction_id, global_position) in
 * PostgreSQL, (commit, prepare) in KurrentDB. As an opaque string
 * it is two 16-digit hex numbers, so that plain string comparison orders positions as the feed
 * does: `000000000000031a-0000000000000042`.
 */
export interface FeedPosition {
  readonly transactionId: bigint;
  readonly globalPosition: bigint;
}

export const FEED_START: FeedPosition = { transactionId: 0n, globalPosition: 0n };

const HEX_DIGITS = 16;
const POSITION_PATTERN = /^[0-9a-f]{16}-[0-9a-f]{16}$/;

export function encodePosition(transactionId: bigint | string, globalPosition: bigint | string): string {
  return `${hex(transactionId)}-${hex(globalPosition)}`;
}

/**
 * Every event read from the feed has its position encoded, so the common case skips BigInt: a
 * decimal string of at most 15 digits is below 2^53 and a Number spells it in hex exactly alike.
 */
function hex(value: bigint | string): string {
  const digits = typeof value === 'string' && value.length <= 15 && SMALL_DECIMAL.test(value) ? Number(value).toString(16) : BigInt(value).toString(16);
  return digits.padStart(HEX_DIGITS, '0');
}

const SMALL_DECIMAL = /^\d+$/;

export function decodePosition(position: string): FeedPosition {
  if (!POSITION_PATTERN.test(position)) throw new InvalidPosition(position);
  const [transactionId, globalPosition] = position.split('-');
  return { transactionId: BigInt(`0x${transactionId}`), globalPosition: BigInt(`0x${globalPosition}`) };
}

export function isPosition(value: string): boolean {
  return POSITION_PATTERN.test(value);
}

export class InvalidPosition extends Error {
  constructor(readonly value: string) {
    super(`not a ledger position: ${JSON.stringify(value.slice(0, 80))}`);
    this.name = 'InvalidPosition';
  }
}
