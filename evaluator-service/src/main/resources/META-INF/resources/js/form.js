// The experiment form (POST /api/experiments) and the preset form (POST
// /api/experiments/presets/{name}), with a 400's violations shown next to their fields.

import { getJson, postJson } from './api.js';
import { apiCredentials } from './credentials.js';
import { esc } from './format.js';

const NUMBERS = ['alpha', 'temperature', 'learningRate', 'momentum'];
const INTEGERS = ['epochs', 'batchSize', 'seed'];
// left out of the request when empty: the server's defaults apply
const OPTIONAL_NUMBERS = ['labelFraction'];
const OPTIONAL_INTEGERS = ['repeats', 'omittedClass'];

/**
 * Wires the form.
 *
 * @param form the form element
 * @param onSubmitted called with the 202 body ({ experimentId, teacherRunId, jobIds })
 */
export function setUpForm(form, onSubmitted) {
  const status = form.querySelector('#form-status');
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    const { request, errors } = read(form);
    if (errors.length) {
      show(form, status, errors);
      return;
    }
    await submit(form, status, '/api/experiments', request, body => {
      status.innerHTML = `experiment <b id="submitted-experiment">${esc(body.experimentId)}</b> submitted: ${body.jobIds.map(esc).join(', ')}`;
      onSubmitted(body);
    });
  });
}

/** Fills the teacher-run and architecture choices, keeping the current selection. */
export function setChoices(form, runs, architectures) {
  fill(form.elements.teacherRunId, runs.map(r => ({
    value: r.runId,
    text: `${r.runId} (${r.status}${r.teacherTestAccuracy != null ? `, teacher ${(r.teacherTestAccuracy * 100).toFixed(2)}%` : ''})`,
  })), runs.find(r => r.status === 'COMPLETE')?.runId);
  if (form.elements.architecture) {
    fill(form.elements.architecture, architectures.map(a => ({ value: a, text: a })), 'tutorial-student');
  }
}

function fill(select, options, preferred) {
  const current = select.value;
  select.innerHTML = options.map(o => `<option value="${esc(o.value)}">${esc(o.text)}</option>`).join('');
  const keep = options.some(o => o.value === current) ? current : preferred;
  if (keep != null && options.some(o => o.value === keep)) select.value = keep;
}

/** Reads the form into an experiment request with one student. */
function read(form) {
  const f = form.elements;
  const errors = [];
  const student = { architecture: f.architecture.value || null, lossMode: f.lossMode.value || null };
  for (const name of [...NUMBERS, ...INTEGERS]) {
    const text = f[name].value.trim();
    if (text === '') {
      student[name] = null;
    } else if (!Number.isFinite(Number(text)) || (INTEGERS.includes(name) && !Number.isInteger(Number(text)))) {
      errors.push({ field: `students[0].${name}`, message: INTEGERS.includes(name) ? 'must be a whole number' : 'must be a number' });
    } else {
      student[name] = Number(text);
    }
  }
  const label = f.label.value.trim();
  if (label) student.label = label;
  readOptional(f, student, errors, 'students[0].');
  return { request: { teacherRunId: f.teacherRunId.value || null, students: [student] }, errors };
}

/** Copies the optional fields the form has into target; an empty one is left out. */
function readOptional(f, target, errors, prefix) {
  for (const name of [...OPTIONAL_NUMBERS, ...OPTIONAL_INTEGERS]) {
    const text = f[name]?.value.trim() ?? '';
    if (text === '') continue;
    const whole = OPTIONAL_INTEGERS.includes(name);
    const value = Number(text);
    if (Number.isFinite(value) && (!whole || Number.isInteger(value))) target[name] = value;
    else errors.push({ field: prefix + name, message: whole ? 'must be a whole number' : 'must be a number' });
  }
}

/**
 * Wires the preset form: the presets come from GET /api/experiments/presets.
 *
 * @param form the form element
 * @param onSubmitted called with the first submitted experiment ({ experimentId, ... })
 */
export async function setUpPresetForm(form, onSubmitted) {
  const status = form.querySelector('#preset-status');
  const description = form.querySelector('#preset-description');
  let presets = [];
  try {
    presets = await getJson('/api/experiments/presets');
  } catch (e) {
    status.className = 'error';
    status.textContent = `cannot load the presets: ${e.message}`;
    return;
  }
  fill(form.elements.preset, presets.map(p => ({ value: p.name, text: p.name })), presets[0]?.name);
  const describe = () => {
    const p = presets.find(x => x.name === form.elements.preset.value);
    description.textContent = p ? `${p.description} Defaults: ${p.defaults.repeats} seed(s), ${p.defaults.epochs} epoch(s).` : '';
  };
  form.elements.preset.addEventListener('change', describe);
  describe();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    const request = { teacherRunId: form.elements.teacherRunId.value || null };
    const errors = [];
    for (const name of ['repeats', 'epochs']) {
      const text = form.elements[name].value.trim();
      if (text === '') continue;
      if (Number.isInteger(Number(text))) request[name] = Number(text);
      else errors.push({ field: name, message: 'must be a whole number' });
    }
    if (errors.length) {
      show(form, status, errors);
      return;
    }
    const name = form.elements.preset.value;
    await submit(form, status, `/api/experiments/presets/${encodeURIComponent(name)}`, request, body => {
      status.innerHTML = `${esc(name)}: ${body.map(s => `<b>${esc(s.experimentId)}</b> (${s.jobIds.length} jobs)`).join(', ')}`;
      if (body.length) onSubmitted(body[0]);
    });
  });
}

/** Posts a request; a 202's body goes to onAccepted, a 400's violations next to their fields. */
async function submit(form, status, url, request, onAccepted) {
  status.className = '';
  status.textContent = 'submitting…';
  let answer;
  try {
    answer = await postJson(url, request, apiCredentials());
  } catch (e) {
    status.className = 'error';
    status.textContent = `cannot reach the evaluator: ${e.message}`;
    return;
  }
  if (answer.status === 202) {
    status.className = 'ok';
    onAccepted(answer.body);
  } else if (answer.status === 400 && answer.body?.violations) {
    show(form, status, answer.body.violations);
  } else if (answer.status === 401) {
    status.className = 'error';
    status.textContent = `not submitted: ${apiCredentials().password ? 'wrong API password' : 'enter the API password'}` +
      ' (user kd: the KD_API_PASSWORD the evaluator runs with; a local run writes it to <run dir>/api-password)';
  } else if (answer.status === 403) {
    status.className = 'error';
    status.textContent = 'not submitted: HTTP 403, this user may not submit experiments or the page comes from another origin';
  } else {
    status.className = 'error';
    status.textContent = `HTTP ${answer.status}: ${answer.body?.error ?? 'the evaluator refused the request'}`;
  }
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
}

/** Puts each violation next to its field; the rest goes to the status line. */
function show(form, status, violations) {
  const unplaced = [];
  for (const v of violations) {
    const name = v.field.replace(/^students\[0\]\./, '');
    const slot = form.querySelector(`.field-error[data-for="${CSS.escape(name)}"]`);
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent}; ${v.message}` : v.message;
      form.elements[name]?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(`${v.field}: ${v.message}`);
    }
  }
  status.className = 'error';
  status.textContent = `not submitted: ${violations.length} invalid field${violations.length > 1 ? 's' : ''}` +
    (unplaced.length ? ` (${unplaced.join('; ')})` : '');
}
