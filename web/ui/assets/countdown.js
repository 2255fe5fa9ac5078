// Live SLA countdowns and ages: elements with data-countdown="<ISO due time>" or data-age="<ISO start>"
// re-render every 30 s, so a queue left open stays true without reloading.
function formatDuration(milliseconds) {
  let seconds = Math.round(Math.abs(milliseconds) / 1000);
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  if (days) return `${days} d ${hours} h`;
  if (hours) return `${hours} h ${minutes} min`;
  if (minutes) return `${minutes} min`;
  return `${seconds % 60} s`;
}

function render() {
  const now = Date.now();
  for (const node of document.querySelectorAll('[data-countdown]')) {
    if (node.dataset.closed === 'true') continue;
    const remaining = Date.parse(node.dataset.countdown) - now;
    node.textContent = remaining >= 0 ? `due in ${formatDuration(remaining)}` : `overdue by ${formatDuration(remaining)}`;
    node.classList.toggle('danger', remaining < 0);
    node.classList.toggle('warn', remaining >= 0 && remaining < 4 * 3600 * 1000);
    node.classList.toggle('ok', remaining >= 4 * 3600 * 1000);
  }
  for (const node of document.querySelectorAll('[data-age]')) {
    node.textContent = formatDuration(now - Date.parse(node.dataset.age));
  }
}

render();
setInterval(render, 30_000);
