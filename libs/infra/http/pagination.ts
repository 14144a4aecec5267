import { Problem } from './problem';

/**
 * The one shape of every list the API answers (api.md, conventions): `{ items, nextCursor }`,
 * `nextCursor` null on the last page, to be sent back as `?cursor=` for the next one. A cursor is
 * opaque to clients: base64url of a version tag, the list's name and the sort key of the last item
 * served, so that a cursor of one list handed to another is refused rather than misread.
 */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

/** A list that is not paginated (a report bounded by its own query) still answers the one shape. */
export function wholeList<T>(items: readonly T[]): Page<T> {
  return { items, nextCursor: null };
}

export function encodeCursor(list: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify(['c1', list, ...key])).toString('base64url');
}

/**
 * The sort key a cursor carries, checked by `valid`; any other string is a 400 that names the
 * `cursor` field and says what to send instead.
 */
export function decodeCursor(cursor: string, list: string, valid: (key: readonly string[]) => boolean): readonly string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const key = Array.isArray(parsed) && parsed[0] === 'c1' && parsed[1] === list && parsed.slice(2).every((part) => typeof part === 'string') ? (parsed.slice(2) as string[]) : undefined;
  if (key === undefined || !valid(key)) {
    throw new Problem(400, 'VALIDATION_FAILED', 'The cursor is not one this list handed out. Send the nextCursor of the previous page, or leave cursor out for the first page.', [
      { field: 'cursor', message: 'cursor must be the nextCursor of the previous page of this list' },
    ]);
  }
  return key;
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only says that another page exists, and
 * the last row served gives the cursor.
 */
export function pageOfRows<R, T>(rows: readonly R[], limit: number, list: string, keyOf: (row: R) => readonly string[], toItem: (row: R) => T): Page<T> {
  const served = rows.slice(0, limit);
  const more = rows.length > limit && served.length > 0;
  return { items: served.map(toItem), nextCursor: more ? encodeCursor(list, keyOf(served[served.length - 1])) : null };
}
