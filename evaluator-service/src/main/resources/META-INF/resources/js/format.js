// Number formatting for tables and labels.

const dash = '–';

export function pct(x, digits = 2) {
  return x == null || Number.isNaN(x) ? dash : `${(x * 100).toFixed(digits)}%`;
}

export function pp(x) {
  if (x == null || Number.isNaN(x)) return dash;
  return `${x > 0 ? '+' : ''}${x.toFixed(2)} pp`;
}

export function int(x) {
  return x == null ? dash : Math.round(x).toLocaleString('en-US');
}

export function fixed(x, digits) {
  return x == null || Number.isNaN(x) ? dash : x.toFixed(digits);
}

export function bytes(x) {
  if (x == null) return dash;
  if (x >= 1024 * 1024) return `${(x / 1024 / 1024).toFixed(2)} MB`;
  if (x >= 1024) return `${(x / 1024).toFixed(1)} KB`;
  return `${x} B`;
}

export function duration(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return dash;
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Escapes text for innerHTML. */
export function esc(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
