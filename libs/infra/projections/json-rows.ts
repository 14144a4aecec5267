/**
 * Rows for a read model's batched write as one JSON parameter: `jsonRows(rows)` is bound to `$n`
 * and the statement reads them with `jsonb_to_recordset($n::jsonb) AS r(column type, …)`, each
 * row's keys naming the columns. pg would otherwise turn every value of an `unnest($1::text[], …)`
 * statement into an array literal, escaping each string (and each JSON document serialized once
 * already) character by character in JavaScript; here V8's native JSON.stringify serializes the
 * whole batch once, JSON columns included as nested objects, and PostgreSQL parses one document.
 * jsonb rather than json: json_to_recordset builds a hash table for every row and parses each
 * nested document a second time, several times the server's time for the same rows.
 * The stored values are the same: text as text, numbers, booleans and ISO instants through their
 * types' input functions, nested objects through jsonb's, a missing or undefined key as NULL.
 */
export function jsonRows(rows: readonly object[]): string {
  return JSON.stringify(rows);
}
