/** Line chart (server-side SVG) over ordered periods; a missing value breaks the line. */
import { ChartFrame, niceMaximum, seriesTable, ValueGrid, type ChartDatum } from './chart-frame.tsx';

export interface LineChartProps {
  id: string;
  title: string;
  description: string;
  data: ChartDatum[];
  format: (value: number) => string;
  max?: number;
}

const WIDTH = 400;
const HEIGHT = 220;
const PADDING = { top: 20, right: 22, bottom: 34, left: 58 };

export function LineChart({ id, title, description, data, format, max }: LineChartProps) {
  const top = max ?? niceMaximum(Math.max(0, ...data.map((datum) => datum.value ?? 0)));
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  const x = (index: number) => PADDING.left + (data.length <= 1 ? plotWidth / 2 : (index / (data.length - 1)) * plotWidth);
  const y = (value: number) => PADDING.top + plotHeight - (Math.min(value, top) / top) * plotHeight;
  // Consecutive points with data form one segment; a gap starts a new one.
  const segments: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  data.forEach((datum, index) => {
    if (datum.value === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push([x(index), y(datum.value)]);
  });
  if (current.length) segments.push(current);
  const ticks = [0, 0.5, 1].map((fraction) => fraction * top);
  return (
    <ChartFrame id={id} title={title} description={description} width={WIDTH} height={HEIGHT} table={seriesTable(title, data, format)}>
      <ValueGrid ticks={ticks} y={y} left={PADDING.left} right={WIDTH - PADDING.right} format={format} />
      {segments.map((segment) => (
        <polyline class="line" points={segment.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')} />
      ))}
      {data.map((datum, index) => (
        <g>
          {datum.value === null ? null : <circle class="point" cx={x(index)} cy={y(datum.value)} r={3.5} data-value={datum.value} />}
          <text x={x(index)} y={HEIGHT - PADDING.bottom + 16} text-anchor="middle">
            {datum.label}
          </text>
        </g>
      ))}
    </ChartFrame>
  );
}
