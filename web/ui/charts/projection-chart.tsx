/**
 * Projected stock day by day (server-side SVG): expected stock, stock at the service level, inbound
 * receipts as bars on their expected days, and the zero line — where the projection crosses it, the
 * location runs out.
 */
import { ChartFrame, ValueGrid } from './chart-frame.tsx';

export interface ProjectionChartProps {
  id: string;
  title: string;
  description: string;
  days: string[];
  expected: number[];
  atServiceLevel: number[];
  inbound: number[];
  serviceLevel: number;
}

const WIDTH = 720;
const HEIGHT = 240;
const PADDING = { top: 16, right: 16, bottom: 34, left: 56 };
const whole = (value: number) => String(Math.round(value));

/** Round the axis out to 1, 2 or 5 × 10^n so the gridlines land on readable numbers. */
function niceBound(value: number): number {
  if (value === 0) return 0;
  const size = Math.abs(value);
  const magnitude = 10 ** Math.floor(Math.log10(size));
  const step = [1, 2, 5, 10].find((candidate) => candidate * magnitude >= size)! * magnitude;
  return Math.sign(value) * step;
}

export function ProjectionChart({ id, title, description, days, expected, atServiceLevel, inbound, serviceLevel }: ProjectionChartProps) {
  const top = niceBound(Math.max(1, ...expected, ...atServiceLevel, ...inbound));
  const bottom = niceBound(Math.min(0, ...expected, ...atServiceLevel));
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  const step = plotWidth / Math.max(1, days.length);
  const x = (index: number) => PADDING.left + step * (index + 0.5);
  const y = (value: number) => PADDING.top + ((top - value) / (top - bottom || 1)) * plotHeight;
  const line = (values: readonly number[]) => values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  const percent = Math.round(serviceLevel * 100);
  const ticks = [...new Set([bottom, 0, top])];
  return (
    <ChartFrame
      id={id}
      title={title}
      description={description}
      width={WIDTH}
      height={HEIGHT}
      table={{
        columns: ['Day', 'Expected stock', `Stock at ${percent}% service level`, 'Inbound'],
        rows: days.map((day, index) => [
          day,
          whole(expected[index]!),
          whole(atServiceLevel[index]!),
          inbound[index] ? whole(inbound[index]!) : '',
        ]),
      }}
    >
      <ValueGrid ticks={ticks} y={y} left={PADDING.left} right={WIDTH - PADDING.right} format={whole} />
      {inbound.map((units, index) =>
        units > 0 ? (
          <rect
            class="bar inbound"
            data-inbound={units}
            x={x(index) - step * 0.3}
            width={step * 0.6}
            y={y(units)}
            height={Math.max(1, y(0) - y(units))}
          />
        ) : null,
      )}
      <polyline class="line" data-series="expected" points={line(expected)} />
      <polyline class="line service-level" data-series="service-level" points={line(atServiceLevel)} />
      {days.map((day, index) =>
        index % labelEvery === 0 ? (
          <text x={x(index)} y={HEIGHT - PADDING.bottom + 16} text-anchor="middle">
            {day.slice(5)}
          </text>
        ) : null,
      )}
    </ChartFrame>
  );
}
