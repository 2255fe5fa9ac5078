/** Vertical bar chart (server-side SVG): one bar per label, values on top, gaps where there is no data. */
import { ChartFrame, niceMaximum, seriesTable, ValueGrid, type ChartDatum } from './chart-frame.tsx';

export interface BarChartProps {
  id: string;
  title: string;
  description: string;
  data: ChartDatum[];
  format: (value: number) => string;
  /** Fixed axis maximum (e.g. 1 for rates); default: a nice value above the data. */
  max?: number;
  tone?: 'accent' | 'warn' | 'danger';
  /** Counts: the axis shows whole numbers only. */
  integer?: boolean;
}

const WIDTH = 400;
const HEIGHT = 220;
const PADDING = { top: 20, right: 14, bottom: 34, left: 58 };

export function BarChart({ id, title, description, data, format, max, tone = 'accent', integer = false }: BarChartProps) {
  const values = data.map((datum) => datum.value ?? 0);
  const top = max ?? (integer ? Math.max(2, niceMaximum(Math.max(0, ...values))) : niceMaximum(Math.max(0, ...values)));
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  const slot = plotWidth / Math.max(1, data.length);
  const barWidth = Math.max(4, slot * 0.62);
  const y = (value: number) => PADDING.top + plotHeight - (Math.min(value, top) / top) * plotHeight;
  const ticks = [0, 0.5, 1].map((fraction) => fraction * top).filter((tick) => !integer || Number.isInteger(tick));
  return (
    <ChartFrame id={id} title={title} description={description} width={WIDTH} height={HEIGHT} table={seriesTable(title, data, format)}>
      <ValueGrid ticks={ticks} y={y} left={PADDING.left} right={WIDTH - PADDING.right} format={format} />
      {data.map((datum, index) => {
        const x = PADDING.left + index * slot + (slot - barWidth) / 2;
        return (
          <g>
            {datum.value === null ? (
              <text x={x + barWidth / 2} y={y(0) - 4} text-anchor="middle">
                –
              </text>
            ) : (
              <g>
                <rect
                  class={`bar ${tone === 'accent' ? '' : tone}`}
                  x={x}
                  y={y(datum.value)}
                  width={barWidth}
                  height={Math.max(0, y(0) - y(datum.value))}
                  data-value={datum.value}
                />
                <text class="value" x={x + barWidth / 2} y={y(datum.value) - 4} text-anchor="middle">
                  {format(datum.value)}
                </text>
              </g>
            )}
            <text x={x + barWidth / 2} y={HEIGHT - PADDING.bottom + 16} text-anchor="middle">
              {datum.label}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
