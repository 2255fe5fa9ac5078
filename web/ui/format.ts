/** Formatting shared by the pages: fixed, locale-independent output so pages read the same everywhere. */
export function formatDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3 h 20 min", "2 d 4 h", "45 s". */
export function formatDuration(milliseconds: number): string {
  const sign = milliseconds < 0 ? '-' : '';
  let seconds = Math.round(Math.abs(milliseconds) / 1000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  if (days) return `${sign}${days} d ${hours} h`;
  if (hours) return `${sign}${hours} h ${minutes} min`;
  if (minutes) return `${sign}${minutes} min`;
  return `${sign}${seconds} s`;
}

export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}
