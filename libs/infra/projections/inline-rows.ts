/**
 * Storage for a read model's table whose rows carry a few kilobytes of JSON rewritten on every
 * batch (the folded account state, ≈ 4 KB as text, and the account's view). PostgreSQL compresses
 * a row's largest values with pglz as soon as the row passes ≈ 2 KB (its default
 * `toast_tuple_target`), and pglz on every upsert was the largest part of these statements' cost
 * (≈ 3× the insert without it); lz4 is not in every build (the embedded server's has none). With
 * the target at its maximum a row is kept whole and uncompressed in its page while it fits one,
 * and only a larger one is compressed as before. The database never looks inside these values.
 *
 * Returned as a statement to run after the table's CREATE TABLE IF NOT EXISTS, so that a table
 * made before it gets the setting too (it applies to rows written from then on; the rows are the
 * same, so the read model's version does not change). PostgreSQL 11 and later accept it.
 */
export const TOAST_TUPLE_TARGET_MAX = 8160;

export function keepRowsInline(table: string): string {
  return `ALTER TABLE ${table} SET (toast_tuple_target = ${TOAST_TUPLE_TARGET_MAX});`;
}
