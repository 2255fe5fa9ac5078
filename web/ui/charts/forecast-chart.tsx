/**
 * Demand history and forecast on one time axis (server-side SVG): the recent daily demand as a solid
 * line, the forecast mean dashed after it, and the prediction interval as a shaded band around it.
 */
import { ChartFrame, niceMaximum, ValueGrid } from './chart-frame.tsx';

export interface ForecastChartProps {
  id: string;
  title: string;
  description: string;
  /** Day labels (YYYY-MM-DD) of the history, then of the forecast. */
  historyDays: string[];
  history: number[];
  forecastDays: string[];
  mean: number[];
  lower: number[];
  upper: number[];
  intervalLevel: number;
}

const WIDTH = 720;
const HEIGHT = 240;
const PADDING = { top: 16, right: 16, bottom: 34, left: 48 };
const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

export function ForecastChart(props: ForecastChartProps) {
  const { id, title, description, historyDays, history, forecastDays, mean, lower, upper, intervalLevel } = props;
  const days = historyDays.length + forecastDays.length;
  const top = niceMaximum(Math.max(0, ...history, ...upper));
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  const x = (index: number) => PADDING.left + (days <= 1 ? plotWidth / 2 : (index / (days - 1)) * plotWidth);
  const y = (value: number) => PADDING.top + plotHeight - (Math.min(value, top) / top) * plotHeight;
  const points = (values: readonly number[], offset: number) =>
    values.map((value, index) => `${x(index + offset).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const start = historyDays.length;
  // The forecast starts from the last observed day so the two lines join.
  const band = [
    ...upper.map((value, index) => [x(start + index), y(value)]),
    ...lower.map((value, index) => [x(start + index), y(value)]).reverse(),
  ];
  const labelEvery = Math.max(1, Math.ceil(days / 8));
  const allDays = [...historyDays, ...forecastDays];
  const percent = Math.round(intervalLevel * 100);
  return (
    <ChartFrame
      id={id}
      title={title}
      description={description}
      width={WIDTH}
      height={HEIGHT}
      table={{
        columns: ['Day', 'Demand', 'Forecast', `${percent}% interval`],
        rows: [
          ...historyDays.map((day, index) => [day, format(history[index]!), '', '']),
          ...forecastDays.map((day, index) => [day, '', format(mean[index]!), `${format(lower[index]!)}–${format(upper[index]!)}`]),
        ],
      }}
    >
      <ValueGrid ticks={[0, top / 2, top]} y={y} left={PADDING.left} right={WIDTH - PADDING.right} format={format} />
      {band.length ? <polygon class="band" points={band.map(([px, py]) => `${px!.toFixed(1)},${py!.toFixed(1)}`).join(' ')} /> : null}
      {history.length ? <polyline class="line" data-series="history" points={points(history, 0)} /> : null}
      {mean.length ? <polyline class="line forecast" data-series="forecast" points={points(mean, start)} /> : null}
      {start > 0 && forecastDays.length ? (
        <line class="today" x1={x(start - 0.5)} x2={x(start - 0.5)} y1={PADDING.top} y2={HEIGHT - PADDING.bottom} />
      ) : null}
      {allDays.map((day, index) =>
        index % labelEvery === 0 ? (
          <text x={x(index)} y={HEIGHT - PADDING.bottom + 16} text-anchor="middle">
            {day.slice(5)}
          </text>
        ) : null,
      )}
    </ChartFrame>
  );
}
