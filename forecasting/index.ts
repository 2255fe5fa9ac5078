/** forecasting/: demand forecasts, stock projections, stockout and late-shipment risk, and their backtests. */
export { DEMAND_CLASSES, classifyDemand } from './methods/demand-class.ts';
export type { DemandClass, NoForecastReason } from './methods/demand-class.ts';
export { FORECAST_METHODS, forecastDemand } from './forecast-demand.ts';
export type { DemandForecast, ForecastMethod, NoForecast } from './forecast-demand.ts';
export { backtestForecasts } from './forecast-backtest.ts';
export type { ClassAccuracy, ForecastAccuracy } from './forecast-backtest.ts';
export { projectStock } from './project-stock.ts';
export type { ProjectedDay, StockProjection } from './project-stock.ts';
export { runBacktest, backtestRequestSchema } from './run-backtest.ts';
export type { BacktestReport, BacktestRequest } from './run-backtest.ts';
export { runForecast } from './run-forecast.ts';
export type { ForecastRunReport } from './run-forecast.ts';
export { loadForecastingSettings } from './forecast-settings.ts';
export { buildOutlooks } from './stockout-findings.ts';
export type { SeriesOutlook } from './stockout-findings.ts';
export { startForecastScheduler } from './forecast-scheduler.ts';
export type { ForecastSchedulerOptions } from './forecast-scheduler.ts';
