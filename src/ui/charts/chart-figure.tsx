import { useId, type ReactNode } from 'react';
import './charts.css';

export type DataTable = {
  /** Column headings; the first column names each row. */
  columns: string[];
  rows: (string | number)[][];
};

export type ChartFigureProps = {
  /** One or two sentences that say what the chart shows: the text alternative screen readers hear first. */
  summary: ReactNode;
  /** The chart's data as a table, behind a disclosure, for anyone who prefers numbers to shapes. */
  table: DataTable;
  /** Label of the disclosure, e.g. "Reviews per month as a table". */
  tableLabel: string;
  /** The drawing; hidden from assistive technology, which gets the summary and the table instead. */
  children: ReactNode;
};

/** A chart with its text alternatives: a visible summary, the picture (aria-hidden) and a data table. */
export function ChartFigure({ summary, table, tableLabel, children }: ChartFigureProps) {
  const summaryId = useId();
  return (
    <figure className="chart" aria-describedby={summaryId}>
      <p className="chart__summary" id={summaryId}>
        {summary}
      </p>
      <div aria-hidden="true">{children}</div>
      <details className="chart__table">
        <summary>{tableLabel}</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {table.columns.map((column, i) => (
                  <th key={column} scope="col" className={i > 0 ? 'num' : undefined}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={`${row[0]}-${r}`}>
                  {row.map((cell, c) =>
                    c === 0 ? (
                      <th key={c} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={c} className="num">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
