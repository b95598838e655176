// The kd-stream dashboard: loads the evaluator's state over REST, then follows /api/events.

import { getJson } from './api.js';
import { CurvesChart, PerClassChart } from './charts.js';
import { renderConfusion, renderDigits } from './detail.js';
import { setUpCredentials } from './credentials.js';
import { setChoices, setUpForm, setUpPresetForm } from './form.js';
import { bytes, duration, esc, fixed, int, pct, pp } from './format.js';

const state = {
  runs: new Map(),          // runId -> RunManifest
  experiments: new Map(),   // experimentId -> ExperimentView
  progress: new Map(),      // job / training / run id -> JobProgress
  evaluations: new Map(),   // modelId -> ModelEvaluation
  comparisons: new Map(),   // experimentId -> ComparisonView
  architectures: [],
  experimentId: null,       // the selected experiment
  modelId: null,            // the selected model
  modelPinned: false,       // whether the user chose the model
  bands: { key: null, groups: [] },   // GET /api/comparisons/{id}/curves, for the key it was asked for
  sweep: { key: null, grid: null },   // GET /api/comparisons/{id}/sweep, likewise
};

const $ = id => document.getElementById(id);
const curves = new CurvesChart($('curves'));
const perClass = new PerClassChart($('per-class'));
let shownDigitsFor = null;

// for the browser test and the curious: window.kd.curves.pointCount()
window.kd = { state, curves, perClass };

// ---- loading and events ------------------------------------------------------------------------

// Events that arrive while a snapshot loads are held back and applied after it: the snapshot may
// have been taken before them, and applying it last would undo them.
let heldBack = null;

async function loadAll() {
  heldBack = [];
  try {
    const [runs, experiments, progress, evaluations, comparisons, architectures] = await Promise.all([
      getJson('/api/runs'), getJson('/api/experiments'), getJson('/api/progress'),
      getJson('/api/evaluations'), getJson('/api/comparisons'), getJson('/api/architectures'),
    ]);
    state.runs = new Map(runs.map(r => [r.runId, r]));
    state.experiments = new Map(experiments.map(x => [x.experimentId, x]));
    state.progress = new Map(progress.map(p => [p.id, p]));
    state.evaluations = new Map(evaluations.map(e => [e.modelId, e]));
    state.comparisons = new Map(comparisons.map(c => [c.experimentId, c]));
    state.architectures = architectures;
  } finally {
    const events = heldBack;
    heldBack = null;
    events.forEach(event => handlers[event.type](event.data));
    render();
  }
}

const handlers = {
  hello: () => loadAll().catch(e => console.error('cannot load the state', e)),
  ping: () => {},
  run: r => state.runs.set(r.runId, r),
  experiment: x => state.experiments.set(x.experimentId, x),
  progress: p => {
    const old = state.progress.get(p.id);
    if (!old || old.updatedAt <= p.updatedAt) state.progress.set(p.id, p);
  },
  evaluation: e => state.evaluations.set(e.modelId, e),
  comparison: c => state.comparisons.set(c.experimentId, c),
};

function connect() {
  const source = new EventSource('/api/events');
  const pill = $('connection');
  source.onopen = () => { pill.textContent = 'live'; pill.className = 'pill pill-on'; };
  source.onerror = () => { pill.textContent = 'reconnecting…'; pill.className = 'pill pill-off'; };
  source.onmessage = message => {
    const event = JSON.parse(message.data);
    const handle = handlers[event.type];
    if (!handle) return;
    if (heldBack && event.type !== 'hello' && event.type !== 'ping') {
      heldBack.push(event);
      return;
    }
    handle(event.data);
    if (event.type !== 'hello' && event.type !== 'ping') scheduleRender();
  };
}

let renderPending = false;
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => { renderPending = false; render(); });
}

// ---- rendering ---------------------------------------------------------------------------------

function render() {
  renderExperimentPicker();
  const x = state.experiments.get(state.experimentId);
  renderTeacherWork();
  renderJobs(x);
  renderCurves(x);
  renderComparison(x);
  renderModel(x);
  setChoices($('experiment-form'), [...state.runs.values()], state.architectures);
  setChoices($('preset-form'), [...state.runs.values()], state.architectures);
}

function renderExperimentPicker() {
  const select = $('experiment-select');
  const ids = [...state.experiments.keys()];
  if (!state.experimentId || !state.experiments.has(state.experimentId)) {
    state.experimentId = ids[ids.length - 1] ?? null;
  }
  const options = ids.map(id => `<option value="${esc(id)}">${esc(id)}</option>`).join('');
  if (select.dataset.options !== options) {
    select.innerHTML = options;
    select.dataset.options = options;
  }
  if (state.experimentId) select.value = state.experimentId;
}

function progressBar(p, state_) {
  let fraction = 0;
  if (state_ === 'DONE') fraction = 1;
  else if (p && p.epochs > 0 && p.stepsPerEpoch > 0) {
    fraction = ((Math.max(p.epoch, 1) - 1) * p.stepsPerEpoch + p.step) / (p.epochs * p.stepsPerEpoch);
  }
  fraction = Math.min(1, Math.max(0, fraction));
  const cls = state_ === 'DONE' ? 'done' : ['FAILED', 'REJECTED', 'INTERRUPTED'].includes(state_) ? 'failed' : '';
  const label = p && p.epochs > 0
    ? `epoch ${p.epoch}/${p.epochs}${p.stepsPerEpoch > 0 ? `, step ${p.step}/${p.stepsPerEpoch}` : ''}`
    : '';
  return `<div class="bar ${cls}" role="progressbar" aria-valuenow="${Math.round(fraction * 100)}"><span style="width:${(fraction * 100).toFixed(1)}%"></span></div>` +
    `<div class="bar-label">${esc(label)}</div>`;
}

function statusText(stateName, worker, reason) {
  const text = { SUBMITTED: 'queued', QUEUED: 'queued', RUNNING: 'running', DONE: 'done', FAILED: 'failed', REJECTED: 'rejected', INTERRUPTED: 'interrupted' }[stateName] ?? stateName;
  let html = `<span class="state state-${esc(stateName)}">${esc(text)}</span>`;
  if (worker) html += ` <span class="muted">on ${esc(worker)}</span>`;
  if (reason) html += `<div class="reason">${esc(reason)}</div>`;
  return html;
}

function renderTeacherWork() {
  const items = [...state.progress.values()]
    .filter(p => p.kind !== 'STUDENT_JOB')
    .sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1))
    .slice(-4)
    .map(p => {
      const what = p.kind === 'TEACHER_TRAINING' ? 'teacher training' : 'teacher stream';
      const rate = p.samplesPerSecond != null ? `${int(p.samplesPerSecond)} ${p.kind === 'TEACHER_STREAMING' ? 'images' : 'samples'}/s` : '';
      const eta = p.state === 'RUNNING' && p.etaSeconds != null ? `ETA ${duration(p.etaSeconds)}` : '';
      return `<div class="work-item" data-id="${esc(p.id)}"><div><b>${esc(what)}</b> <span class="muted">${esc(p.id)}</span><br>` +
        `${statusText(p.state, p.worker, p.reason)}</div><div>${progressBar(p, p.state)}</div>` +
        `<div class="muted">${esc(rate)}<br>${esc(eta)}</div></div>`;
    });
  $('teacher-work').innerHTML = items.join('');
}

function renderJobs(x) {
  const body = $('jobs').querySelector('tbody');
  $('jobs-empty').hidden = !!x;
  if (!x) { body.innerHTML = ''; return; }
  body.innerHTML = x.jobs.map(j => {
    const p = state.progress.get(j.jobId);
    const stateName = p ? p.state : j.state;
    const running = stateName === 'RUNNING';
    const latest = latestEvaluation(j.jobId);
    const loss = j.lossMode === 'none' ? 'none (scratch)' : `${j.lossMode} α=${j.alpha} T=${j.temperature}`;
    return `<tr data-job="${esc(j.jobId)}"><td>${esc(j.label)}</td><td>${esc(j.architecture)}</td><td>${esc(loss)}</td>` +
      `<td>${statusText(stateName, p?.worker ?? j.worker, p?.reason ?? j.reason)}</td>` +
      `<td>${progressBar(p ?? { epoch: j.epoch, epochs: j.epochs, step: j.step, stepsPerEpoch: j.stepsPerEpoch }, stateName)}</td>` +
      `<td class="num">${fixed(p?.loss ?? j.loss, 4)}</td>` +
      `<td class="num">${running || stateName === 'DONE' ? int(p?.samplesPerSecond ?? j.samplesPerSecond) : '–'}</td>` +
      `<td class="num">${running ? duration(p?.etaSeconds ?? j.etaSeconds) : '–'}</td>` +
      `<td class="num">${latest ? `${pct(latest.accuracy)} <span class="muted">(e${latest.epoch})</span>` : '–'}</td></tr>`;
  }).join('');
}

function latestEvaluation(ownerId) {
  let best = null;
  for (const e of state.evaluations.values()) {
    if (e.ownerId === ownerId && (!best || e.epoch > best.epoch)) best = e;
  }
  return best;
}

/** The teacher's training id for an experiment: the owner of its run's teacher checkpoint. */
function teacherOwner(x) {
  const run = state.runs.get(x.teacherRunId);
  const modelId = x.teacherModelId ?? run?.teacherModelId;
  const e = modelId ? state.evaluations.get(modelId) : null;
  if (e) return e.ownerId;
  // not evaluated yet: checkpoints are named <trainingId>-e<epoch>
  return modelId ? modelId.replace(/-e\d+$/, '') : null;
}

/** Evaluations of the experiment's models: [{ name, ownerId, role, evaluations by epoch }]. */
function experimentSeries(x) {
  const series = [];
  const teacher = teacherOwner(x);
  if (teacher) series.push({ name: 'teacher', ownerId: teacher, role: 'TEACHER' });
  x.jobs.forEach(j => series.push({ name: j.label, ownerId: j.jobId, role: 'STUDENT' }));
  for (const s of series) {
    const byEpoch = new Map();
    for (const e of state.evaluations.values()) {
      if (e.ownerId === s.ownerId && e.role === s.role) {
        const old = byEpoch.get(e.epoch);
        if (!old || old.evaluatedAt < e.evaluatedAt) byEpoch.set(e.epoch, e);
      }
    }
    s.evaluations = [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
  }
  return series;
}

function renderCurves(x) {
  if (!x) { curves.show([]); return; }
  const series = experimentSeries(x).filter(s => s.evaluations.length);
  curves.show(series.map(s => ({
    name: s.name,
    points: s.evaluations.map(e => ({ epoch: e.epoch, accuracy: e.accuracy, trainLoss: e.trainLoss })),
  })), seedBands(x, series));
}

/**
 * The bands of the experiment's students repeated over seeds, from the server (which knows which
 * jobs are seeds of one student); asked again when the experiment's evaluations change.
 */
function seedBands(x, series) {
  const c = state.comparisons.get(x.experimentId);
  if (!c || !(c.groups || []).some(g => g.seeds > 1)) return [];
  const key = `${x.experimentId}|${series.reduce((n, s) => n + s.evaluations.length, 0)}|${c.updatedAt}`;
  if (state.bands.key !== key) {
    state.bands.key = key;
    getJson(`/api/comparisons/${encodeURIComponent(x.experimentId)}/curves`)
      .then(b => { if (state.bands.key === key) { state.bands.groups = b.groups; scheduleRender(); } })
      .catch(() => {});
  }
  if (!state.bands.key.startsWith(`${x.experimentId}|`)) return [];
  return state.bands.groups.filter(b => b.seeds > 1 && b.points.length);
}

function renderComparison(x) {
  const body = $('comparison').querySelector('tbody');
  const c = x ? state.comparisons.get(x.experimentId) : null;
  if (!c) {
    body.innerHTML = '';
    $('comparison-status').textContent = 'No comparison yet: it appears once the teacher is evaluated.';
    $('report-links').hidden = true;
    $('sweep-section').hidden = true;
    return;
  }
  body.innerHTML = c.rows.map(r => {
    const loss = r.lossMode === 'none' || r.role === 'TEACHER' ? (r.role === 'TEACHER' ? '–' : 'none (scratch)') : `${r.lossMode} α=${r.alpha} T=${r.temperature}`;
    const sign = v => (v == null ? '' : v > 0 ? 'pos' : v < 0 ? 'neg' : '');
    return `<tr data-model="${esc(r.modelId)}"><td><b>${esc(r.label)}</b></td><td>${esc(r.architecture)}</td><td>${esc(loss)}</td>` +
      `<td class="num">${r.epoch}/${r.epochs}</td><td class="num">${pct(r.accuracy)}</td><td class="num">${int(r.errors)}</td>` +
      `<td class="num ${sign(r.deltaVsTeacher)}">${r.role === 'TEACHER' ? '–' : pp(r.deltaVsTeacher)}</td>` +
      `<td class="num ${sign(r.deltaVsScratch)}">${pp(r.deltaVsScratch)}</td>` +
      `<td class="num">${int(r.parameterCount)}</td><td class="num">${bytes(r.sizeBytes)}</td>` +
      `<td class="num">${fixed(r.compressionRatio, 2)}×</td><td class="num">${pct(r.teacherAgreement)}</td>` +
      `<td class="num">${int(r.imagesPerSecond)}</td></tr>`;
  }).join('');
  $('comparison-status').textContent = `${c.complete ? 'Complete' : 'In progress'} · updated ${new Date(c.updatedAt).toLocaleTimeString()}`;
  const base = `/api/comparisons/${encodeURIComponent(c.experimentId)}`;
  $('report-html').href = `${base}/report.html`;
  $('report-md').href = `${base}/report.md`;
  $('report-links').hidden = false;
  renderGroups(c.groups || []);
  renderSweep(c);
}

/** The heat map of a temperature sweep: asked for when the distilled students vary T or alpha. */
function renderSweep(c) {
  const pairs = new Set(c.rows.filter(r => r.role === 'STUDENT' && r.temperature != null && r.lossMode !== 'none')
    .map(r => `${r.temperature}|${r.alpha}`));
  if (pairs.size < 2) { $('sweep-section').hidden = true; return; }
  const key = `${c.experimentId}|${c.updatedAt}`;
  if (state.sweep.key !== key) {
    state.sweep.key = key;
    getJson(`/api/comparisons/${encodeURIComponent(c.experimentId)}/sweep`)
      .then(grid => { if (state.sweep.key === key) { state.sweep.grid = grid; scheduleRender(); } })
      .catch(() => { if (state.sweep.key === key) { state.sweep.grid = null; scheduleRender(); } });
  }
  const grid = state.sweep.key === key ? state.sweep.grid : null;
  $('sweep-section').hidden = !grid;
  if (!grid) return;
  const values = grid.cells.flat().filter(Boolean).map(cell => cell.meanAccuracy);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const head = '<tr><th>T \\ α</th>' + grid.alphas.map(a => `<th>${a}</th>`).join('') + '</tr>';
  const body = grid.cells.map((line, t) => `<tr><th>${grid.temperatures[t]}</th>` + line.map(cell => {
    if (!cell) return '<td class="muted">–</td>';
    const share = high > low ? (cell.meanAccuracy - low) / (high - low) : 1;
    const title = `${cell.label}: ${cell.seeds} seed(s), ${pp(cell.deltaVsScratch)} vs scratch`;
    return `<td style="background: rgba(47,111,219,${(0.1 + 0.85 * share).toFixed(3)}); color: ${share > 0.55 ? '#fff' : 'inherit'}"` +
      ` title="${esc(title)}">${pct(cell.meanAccuracy)}</td>`;
  }).join('') + '</tr>').join('');
  $('sweep').innerHTML = head + body;
  $('sweep-scratch').textContent = grid.scratchAccuracy == null ? 'No scratch baseline.' : `Scratch baseline: ${pct(grid.scratchAccuracy)}.`;
}

/** The seed groups of a comparison whose students were repeated over seeds. */
function renderGroups(groups) {
  $('seed-groups').hidden = groups.length === 0;
  $('groups').querySelector('tbody').innerHTML = groups.map(g => {
    const spread = g.sdAccuracy == null ? '' : ` ± ${fixed(g.sdAccuracy * 100, 2)}`;
    const ci = g.ciLow == null ? '–' : `[${pp(g.ciLow)}, ${pp(g.ciHigh)}]`;
    const verdict = g.significant == null ? '' : g.significant ? 'significant' : 'not significant';
    return `<tr><td><b>${esc(g.label)}</b></td><td>${esc(g.lossMode)}</td>` +
      `<td class="num">${g.evaluated}/${g.seeds}</td>` +
      `<td class="num">${g.meanAccuracy == null ? '–' : pct(g.meanAccuracy) + spread}</td>` +
      `<td class="num">${pp(g.deltaVsScratch)}</td><td class="num">${ci}</td>` +
      `<td class="${g.significant ? 'pos' : 'muted'}">${verdict}</td></tr>`;
  }).join('');
}

function renderModel(x) {
  const select = $('model-select');
  const models = x ? experimentSeries(x).flatMap(s => s.evaluations.map(e => ({ e, name: s.name }))) : [];
  const options = models.map(m => `<option value="${esc(m.e.modelId)}">${esc(m.name)} · epoch ${m.e.epoch}</option>`).join('');
  if (select.dataset.options !== options) {
    select.innerHTML = options;
    select.dataset.options = options;
  }
  if (!state.modelPinned || !models.some(m => m.e.modelId === state.modelId)) {
    // by default the latest epoch of the first student that has one, else the teacher's
    const name = (models.find(m => m.e.role === 'STUDENT') ?? models[0])?.name;
    const pick = models.filter(m => m.name === name)
      .reduce((best, m) => (!best || m.e.epoch > best.e.epoch ? m : best), null);
    state.modelId = pick?.e.modelId ?? null;
    state.modelPinned = false;
  }
  if (state.modelId) select.value = state.modelId;
  const e = state.evaluations.get(state.modelId);
  perClass.show(e?.perClassAccuracy ?? []);
  renderConfusion($('confusion'), e?.confusion);
  if (shownDigitsFor !== state.modelId) {
    shownDigitsFor = state.modelId;
    renderDigits($('digits'), $('digits-status'), state.modelId);
  }
}

// ---- interaction -------------------------------------------------------------------------------

$('experiment-select').addEventListener('change', e => {
  state.experimentId = e.target.value;
  state.modelPinned = false;
  render();
});
$('model-select').addEventListener('change', e => {
  state.modelId = e.target.value;
  state.modelPinned = true;
  render();
});
function showSubmitted(submitted) {
  state.experimentId = submitted.experimentId;
  // the experiment event may have arrived already; if not, it is selected when it does
  getJson(`/api/experiments/${encodeURIComponent(submitted.experimentId)}`)
    .then(x => { state.experiments.set(x.experimentId, x); state.experimentId = x.experimentId; render(); })
    .catch(() => {});
}
setUpCredentials($('api-password'));
setUpForm($('experiment-form'), showSubmitted);
setUpPresetForm($('preset-form'), showSubmitted);

connect();
