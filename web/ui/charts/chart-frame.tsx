/**
 * The accessible frame every server-side SVG chart shares: a figure with a caption, an SVG labelled
 * by its title and description, and the same numbers as a table for screen readers and keyboards.
 */
import type { Child } from 'hono/jsx';

export interface ChartDatum {
  label: string;
  value: number | null;
}

export interface ChartFrameProps {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  table: { columns: string[]; rows: Array<Array<string | number>> };
  children?: Child;
}

export function ChartFrame({ id, title, description, width, height, table, children }: ChartFrameProps) {
  return (
    <figure class="card chart-card" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <h3>{title}</h3>
      </figcaption>
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-chart={id}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children}
      </svg>
      <details>
        <summary>Data</summary>
        <table>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th scope="col">{column}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr>{row.map((cell, index) => (index === 0 ? <th scope="row">{cell}</th> : <td class="num">{cell}</td>))}</tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The table behind a one-series chart: a row per period, "no data" where the value is missing. */
export function seriesTable(title: string, data: readonly ChartDatum[], format: (value: number) => string): ChartFrameProps['table'] {
  return { columns: ['Period', title], rows: data.map((datum) => [datum.label, datum.value === null ? 'no data' : format(datum.value)]) };
}

export interface ValueGridProps {
  ticks: readonly number[];
  /** Value → SVG y coordinate. */
  y: (value: number) => number;
  left: number;
  right: number;
  format: (value: number) => string;
}

/** A value axis: a labelled gridline per tick and the zero line, from x = left to x = right. */
export function ValueGrid({ ticks, y, left, right, format }: ValueGridProps) {
  return (
    <>
      {ticks.map((tick) => (
        <g>
          <line class="gridline" x1={left} x2={right} y1={y(tick)} y2={y(tick)} />
          <text x={left - 6} y={y(tick) + 4} text-anchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
      <line class="axis" x1={left} x2={right} y1={y(0)} y2={y(0)} />
    </>
  );
}

/** A "nice" axis maximum (1, 2 or 5 × 10^n) at or above the data's maximum. */
export function niceMaximum(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
