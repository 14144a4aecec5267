/**
 * Rows for a read model's batched write as one JSON parameter. pg would otherwise turn every
 * value of an `unnest($1::text[], …)` statement into an array literal, escaping each string (and
 * each JSON document serialized once already) character by character in JavaScript; here V8's
 * native JSON.stringify serializes the whole batch once, JSON columns nested as they are, and
 * PostgreSQL parses one jsonb document. Each row travels as an array in the order of the columns,
 * not as an object, so that the column names are not repeated on every row (the socket writes
 * are a good part of a catch-up's time) and each value is found by its index.
 *
 * Declared once per statement: `const ROWS = new JsonRows('account_id text, state jsonb, …')`,
 * then `INSERT INTO t (account_id, state, …) ${ROWS.select} …` with `[ROWS.param(rows)]`, each row
 * an object whose keys name the columns. The stored values are the ones unnest stored: text as
 * text, the others through their types' input functions, a missing, undefined or null value as
 * NULL (a JSON column's included).
 */
export class JsonRows {
  /** `SELECT <each column cast to its type> FROM jsonb_array_elements($1::jsonb) AS r`. */
  readonly select: string;
  private readonly names: readonly string[];

  constructor(columns: string) {
    const parsed = columns.split(',').map((column) => {
      const match = /^\s*([a-z_][a-z0-9_]*)\s+([a-z]+)\s*$/.exec(column);
      if (!match) throw new Error(`JsonRows: cannot read the column "${column.trim()}" (name and type)`);
      return { name: match[1], type: match[2] };
    });
    this.names = parsed.map((column) => column.name);
    this.select = `SELECT ${parsed.map(({ type }, i) => valueAt(i, type)).join(', ')} FROM jsonb_array_elements($1::jsonb) AS r`;
  }

  param(rows: ReadonlyArray<Readonly<Record<string, unknown>>>): string {
    const names = this.names;
    return JSON.stringify(rows.map((row) => names.map((name) => row[name])));
  }
}

function valueAt(index: number, type: string): string {
  if (type === 'text') return `r->>${index}`;
  // A JSON null (what an undefined becomes in an array) is SQL NULL here too, as it was for unnest.
  if (type === 'jsonb') return `NULLIF(r->${index}, 'null'::jsonb)`;
  return `(r->>${index})::${type}`;
}
