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
              <tr>
                {row.map((cell, index) => (index === 0 ? <th scope="row">{cell}</th> : <td class="num">{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** A "nice" axis maximum (1, 2 or 5 × 10^n) at or above the data's maximum. */
export function niceMaximum(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
