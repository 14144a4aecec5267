import type { ReactNode } from 'react';

export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
  /** Shown in the stacked (narrow) layout as the cell's label; defaults to the header. */
  readonly label?: string;
}

/**
 * A table that stays a table for screen readers and becomes labelled blocks on a narrow screen
 * (styles.css), so that a phone never scrolls sideways.
 */
export function DataTable<T>({ caption, columns, rows, rowKey, footer, testId }: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  footer?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="table-wrap">
      <table className="data stack-narrow" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.header} className={column.numeric ? 'num' : undefined} data-label={column.label ?? column.header}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}
