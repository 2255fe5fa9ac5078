/** Horizontal stacked bars (server-side SVG): one row per category, segments per series, with a legend. */
import { ChartFrame } from './chart-frame.tsx';

export interface StackedRow {
  label: string;
  segments: Record<string, number>;
}

export interface StackedBarChartProps {
  id: string;
  title: string;
  description: string;
  series: Array<{ key: string; label: string }>;
  rows: StackedRow[];
}

const WIDTH = 400;
const ROW_HEIGHT = 22;
const PADDING = { top: 34, right: 36, bottom: 10, left: 170 };

export function StackedBarChart({ id, title, description, series, rows }: StackedBarChartProps) {
  const totals = rows.map((row) => series.reduce((sum, { key }) => sum + (row.segments[key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const height = PADDING.top + PADDING.bottom + Math.max(1, rows.length) * ROW_HEIGHT;
  const legendSlot = (WIDTH - 10) / series.length;
  return (
    <ChartFrame
      id={id}
      title={title}
      description={description}
      width={WIDTH}
      height={height}
      table={{
        columns: ['', ...series.map((entry) => entry.label), 'Total'],
        rows: rows.map((row, index) => [row.label, ...series.map(({ key }) => row.segments[key] ?? 0), totals[index]!]),
      }}
    >
      {series.map((entry, index) => (
        <g>
          <rect class={`seg-${index}`} x={10 + index * legendSlot} y={6} width={10} height={10} />
          <text x={24 + index * legendSlot} y={15}>
            {entry.label}
          </text>
        </g>
      ))}
      {rows.length === 0 ? (
        <text x={PADDING.left} y={PADDING.top + 14}>
          Nothing open
        </text>
      ) : null}
      {rows.map((row, rowIndex) => {
        const y = PADDING.top + rowIndex * ROW_HEIGHT;
        let offset = PADDING.left;
        return (
          <g>
            <text x={PADDING.left - 6} y={y + 14} text-anchor="end">
              {row.label}
            </text>
            {series.map(({ key }, index) => {
              const value = row.segments[key] ?? 0;
              const width = (value / max) * plotWidth;
              const x = offset;
              offset += width;
              return value > 0 ? (
                <rect class={`seg-${index}`} x={x} y={y + 3} width={width} height={ROW_HEIGHT - 6} data-value={value} />
              ) : null;
            })}
            <text class="value" x={offset + 4} y={y + 14}>
              {totals[rowIndex]}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
