// The selected model's confusion matrix heat map and misclassified digits.

import { getJson } from './api.js';
import { esc } from './format.js';

/** Renders a 10x10 confusion matrix (row-major, row = true class) as a heat map table. */
export function renderConfusion(table, confusion) {
  const n = 10;
  if (!confusion || confusion.length !== n * n) {
    table.innerHTML = '';
    return;
  }
  const rows = [];
  rows.push('<tr><th></th>' + [...Array(n).keys()].map(c => `<th>${c}</th>`).join('') + '</tr>');
  for (let t = 0; t < n; t++) {
    const row = confusion.slice(t * n, t * n + n);
    const total = row.reduce((a, b) => a + b, 0) || 1;
    const cells = row.map((count, p) => {
      const share = count / total;
      // the diagonal in blue (share right), errors in red, stronger for more
      const alpha = t === p ? 0.15 + 0.85 * share : Math.min(1, share * 8);
      const color = t === p ? `rgba(47,111,219,${alpha.toFixed(3)})` : `rgba(214,69,69,${alpha.toFixed(3)})`;
      const ink = alpha > 0.55 ? '#fff' : '#1d2430';
      return `<td style="background:${color};color:${ink}" title="true ${t}, predicted ${p}: ${count}">${count || ''}</td>`;
    });
    rows.push(`<tr><th>${t}</th>${cells.join('')}</tr>`);
  }
  table.innerHTML = rows.join('');
}

/** Loads and draws a model's first misclassified test digits. */
export async function renderDigits(container, status, modelId, limit = 16) {
  container.innerHTML = '';
  status.textContent = '';
  if (!modelId) return;
  let answer;
  try {
    answer = await getJson(`/api/evaluations/${encodeURIComponent(modelId)}/misclassified?limit=${limit}`);
  } catch (e) {
    status.textContent = e.body?.error ?? e.message;
    return;
  }
  for (const d of answer.digits) {
    const figure = document.createElement('div');
    figure.className = 'digit';
    const canvas = document.createElement('canvas');
    canvas.width = answer.width;
    canvas.height = answer.height;
    draw(canvas, atob(d.pixels), answer.width, answer.height);
    figure.appendChild(canvas);
    const caption = document.createElement('span');
    caption.innerHTML = `true <b>${esc(d.label)}</b> → <b class="neg">${esc(d.predicted)}</b><br><span class="muted">#${esc(d.index)}</span>`;
    figure.appendChild(caption);
    container.appendChild(figure);
  }
  status.textContent = `${answer.digits.length} of ${answer.errors} misclassified test images`;
}

function draw(canvas, pixels, width, height) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const v = pixels.charCodeAt(i);
    image.data[i * 4] = v;
    image.data[i * 4 + 1] = v;
    image.data[i * 4 + 2] = v;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}
