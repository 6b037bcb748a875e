// The page: the member view (region -> order) on the main thread, the organiser view's
// simulations and counts in a module Web Worker (worker.js). Every name that comes from data
// (regions, candidates, file contents) is written with textContent or as an SVG text node's
// textContent: never as HTML.

import init, * as slatewise from './pkg/slatewise_wasm.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

/** Create an element with attributes and text (never HTML). */
function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Create an SVG element. */
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Call into wasm; every failure (thrown Error, even a trap) becomes { error }. */
function call(fn, ...args) {
  try {
    return { value: JSON.parse(fn(...args)) };
  } catch (e) {
    return { error: e && e.message ? String(e.message) : String(e) };
  }
}

const percent = (p) => `${(100 * p).toFixed(1)}%`;
const number = (n) => n.toLocaleString('en-GB');

// ---------------------------------------------------------------- member view

let regions = [];
let shown = null; // the advice on screen

function orderText(advice) {
  return advice.order.map((name, i) => `${i + 1}. ${name}`).join('\n');
}

function showAdvice(advice, { fromUrl = false } = {}) {
  shown = advice;
  $('answer-title').textContent = `Your order in ${advice.region}`;
  const list = $('order');
  list.replaceChildren(...advice.order.map((name) => el('li', {}, name)));
  const link = `?region=${encodeURIComponent(advice.id)}`;
  $('share-link').setAttribute('href', link);
  $('share-link').textContent = new URL(link, location.href).href;
  $('copy-status').textContent = '';
  $('region-message').textContent = fromUrl ? '' : `Showing the order for ${advice.region}.`;
  $('suggestions').replaceChildren();
  $('answer').hidden = false;
  if (!performance.getEntriesByName('order-shown').length) performance.mark('order-shown');
}

function hideAdvice() {
  shown = null;
  $('answer').hidden = true;
}

function pick(query, options) {
  const found = call(slatewise.advice, query);
  if (found.value) {
    showAdvice(found.value, options);
    return true;
  }
  return found.error;
}

function onRegionInput() {
  const query = $('region').value;
  if (query.trim().length === 0) {
    hideAdvice();
    $('region-message').textContent = '';
    $('suggestions').replaceChildren();
    return;
  }
  const result = pick(query);
  if (result === true) return;
  hideAdvice();
  // Half-typed: say nothing alarming until the name is long enough to be a typo.
  const guesses = call(slatewise.suggest, query).value?.matches ?? [];
  const prefix = regions.filter((r) =>
    [r.name, r.id, ...(r.aliases ?? [])].some((n) => n.toLowerCase().startsWith(query.trim().toLowerCase())));
  const names = [...new Set([...prefix.map((r) => r.name), ...guesses])].slice(0, 6);
  $('region-message').textContent = names.length
    ? 'Did you mean:'
    : query.trim().length >= 3 ? `No region matches “${query.trim()}”.` : '';
  $('suggestions').replaceChildren(...names.map((name) => {
    const b = el('button', { type: 'button' }, name);
    b.addEventListener('click', () => {
      $('region').value = name;
      pick(name);
      $('order').focus?.();
    });
    return b;
  }));
}

async function copyOrder() {
  if (!shown) return;
  const text = orderText(shown);
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // Fallback for browsers without the async clipboard (or without permission).
    const area = el('textarea', { readonly: '', 'aria-hidden': 'true' });
    area.value = text;
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    area.remove();
  }
  $('copy-status').textContent = ok ? 'Copied. Paste it wherever you keep notes.' : 'Could not copy: select the list and copy it by hand.';
}

function setupMember(params) {
  const listed = call(slatewise.regions);
  regions = listed.value ?? [];
  $('region-list').replaceChildren(...regions.map((r) => el('option', { value: r.name })));
  $('region-links').replaceChildren(...regions.map((r) => {
    const li = el('li');
    const a = el('a', { href: `?region=${encodeURIComponent(r.id)}` }, r.name);
    a.addEventListener('click', (event) => {
      event.preventDefault();
      $('region').value = r.name;
      pick(r.id);
      history.replaceState(null, '', `?region=${encodeURIComponent(r.id)}`);
      $('answer').scrollIntoView({ block: 'start' });
    });
    li.append(a);
    return li;
  }));
  $('region').addEventListener('input', onRegionInput);
  $('region-form').addEventListener('submit', (event) => {
    event.preventDefault();
    onRegionInput();
  });
  $('copy').addEventListener('click', copyOrder);

  const wanted = params.get('region');
  if (wanted) {
    const result = pick(wanted, { fromUrl: true });
    if (result === true) {
      $('region').value = shown.region;
    } else {
      $('region').value = wanted;
      onRegionInput();
      $('region-message').textContent = result;
    }
  }
}

// ---------------------------------------------------------------- organiser view

let worker = null;
let job = 0;
let running = null; // { id, kind, resolve }

function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.addEventListener('message', onWorkerMessage);
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    finish({ type: 'error', id: running?.id, fatal: true, message: `the worker failed: ${event.message || 'unknown error'}` });
  });
}

function onWorkerMessage({ data }) {
  if (!running || data.id !== running.id) return;
  if (data.type === 'progress') {
    $('sim-progress').max = data.total;
    $('sim-progress').value = data.done;
    $('sim-status').textContent = `${number(data.done)} of ${number(data.total)} elections counted`;
    return;
  }
  finish(data);
}

function finish(data) {
  if (data.fatal && worker) {
    worker.terminate();
    worker = null;
  }
  const current = running;
  running = null;
  $('run').disabled = false;
  $('count').disabled = false;
  $('stop').disabled = true;
  if (current) current.resolve(data);
}

function ask(kind, payload) {
  if (!worker) startWorker();
  if (running) return Promise.resolve({ type: 'error', message: 'busy' });
  const id = ++job;
  worker.postMessage({ type: kind, id, ...payload });
  $('run').disabled = true;
  $('count').disabled = true;
  $('stop').disabled = kind !== 'simulate';
  return new Promise((resolve) => { running = { id, kind, resolve }; });
}

function stop() {
  if (!running) return;
  worker.terminate();
  worker = null;
  $('sim-status').textContent = 'Stopped.';
  finish({ type: 'stopped', id: running.id });
}

async function runSimulation(event) {
  event.preventDefault();
  $('sim-error').textContent = '';
  const strategy = $('strategy').value;
  const compare = $('compare').value;
  const strategies = compare && compare !== strategy ? [strategy, compare] : [strategy];
  const runs = Number($('runs').value);
  const seed = Number($('seed').value);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100000) {
    $('sim-error').textContent = 'Runs must be a whole number from 1 to 100,000.';
    return;
  }
  if (!Number.isInteger(seed) || seed < 0) {
    $('sim-error').textContent = 'The seed must be a whole number, 0 or more.';
    return;
  }
  $('sim-progress').value = 0;
  $('sim-status').textContent = 'Starting…';
  const options = JSON.stringify({ runs, seed, strategies });
  const reply = await ask('simulate', { scenario: '', options });
  if (reply.type === 'error') {
    $('sim-status').textContent = '';
    $('sim-error').textContent = reply.message;
    return;
  }
  if (reply.type !== 'result') return;
  const seconds = reply.ms / 1000;
  $('sim-status').textContent = `Done: ${number(runs)} elections in ${seconds.toFixed(2)} s.`;
  $('sim-status').dataset.ms = String(Math.round(reply.ms));
  drawReport(JSON.parse(reply.json), reply.json);
}

function drawReport(report, json) {
  const target = report.target.slate;
  const [first, second] = report.strategies;
  const summary = report.strategies.map((s) =>
    `${s.name}: ${target} wins at least ${report.target.seats} seats in ${percent(s.p_target)} of runs, ${s.expected_seats[target].toFixed(2)} seats on average`);
  $('sim-summary').textContent = `${summary.join('; ')} (${number(report.runs)} runs, seed ${report.seed}, rule ${report.rule}).`;
  $('seat-caption').textContent = `Seats won by ${target}: share of runs`;
  $('cand-caption').textContent = `Chance of election, per candidate${second ? ` (${first.name} / ${second.name})` : ''}`;
  $('sim-notes').replaceChildren(...(report.notes ?? []).map((n) => el('li', {}, n)));
  $('report-json').textContent = json;
  const old = $('report-download').getAttribute('href');
  if (old && old.startsWith('blob:')) URL.revokeObjectURL(old);
  $('report-download').setAttribute('href', URL.createObjectURL(new Blob([json], { type: 'application/json' })));
  $('sim-results').hidden = false;
  drawn = { report, target };
  redraw();
}

let drawn = null;
let drawnWidth = 0;
function redraw() {
  if (!drawn) return;
  drawnWidth = $('seat-chart').clientWidth;
  drawSeatChart($('seat-chart'), drawn.report, drawn.target);
  drawCandidateChart($('cand-chart'), drawn.report, drawn.target);
}
new ResizeObserver(() => {
  if (drawn && Math.abs($('seat-chart').clientWidth - drawnWidth) > 8) redraw();
}).observe(document.documentElement);

/** The chart's width in CSS pixels, so that its text stays readable on a phone. */
const chartWidth = (host) => Math.max(300, Math.min(760, Math.round(host.clientWidth || 600)));

function drawSeatChart(host, report, target) {
  const series = report.strategies.map((s) => s.seat_distribution[target]);
  const seats = series[0].length; // 0..=seats
  const width = chartWidth(host), height = 220, left = 40, bottom = 34, top = 18;
  const plotW = width - left - 4, plotH = height - top - bottom;
  const group = plotW / seats;
  const barW = (group * 0.8) / series.length;
  const peak = Math.max(...series.flat());
  const step = peak > 0.5 ? 0.2 : 0.1;
  const max = Math.max(step, Math.ceil(peak / step - 1e-9) * step);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': 'seat-title' });
  chart.append(svg('title', { id: 'seat-title' },
    `Seats won by ${target}: ` + series[0].map((p, j) => `${j} seats ${percent(p)}`).filter((_, j) => series.some((s) => s[j] > 0)).join(', ')));
  for (let t = 0; t <= max + 1e-9; t += step) {
    const y = top + plotH - (plotH * t) / max;
    chart.append(svg('line', { class: 'axis', x1: left, y1: y, x2: width - 4, y2: y, 'stroke-opacity': t ? 0.3 : 1 }));
    chart.append(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, `${Math.round(100 * t)}%`));
  }
  series.forEach((dist, k) => {
    dist.forEach((p, j) => {
      const h = (plotH * p) / max;
      const x = left + j * group + group * 0.1 + k * barW;
      const bar = svg('rect', { class: k ? 'bar compare' : 'bar', x: x.toFixed(1), y: (top + plotH - h).toFixed(1), width: barW.toFixed(1), height: h.toFixed(1) });
      bar.append(svg('title', {}, `${report.strategies[k].name}: ${j} seats in ${percent(p)} of runs`));
      chart.append(bar);
      if (p >= 0.01 && series.length === 1) {
        chart.append(svg('text', { x: (x + barW / 2).toFixed(1), y: (top + plotH - h - 4).toFixed(1), 'text-anchor': 'middle' }, `${Math.round(100 * p)}%`));
      }
    });
  });
  for (let j = 0; j < seats; j++) {
    chart.append(svg('text', { x: left + j * group + group / 2, y: top + plotH + 16, 'text-anchor': 'middle' }, String(j)));
  }
  chart.append(svg('text', { x: left + plotW / 2, y: height - 2, 'text-anchor': 'middle' }, 'seats won'));
  host.replaceChildren(legend(report), chart);
}

function legend(report) {
  const box = el('p', { class: 'legend' });
  report.strategies.forEach((s, k) => {
    const item = el('span');
    item.append(el('span', { class: k ? 'swatch compare' : 'swatch', 'aria-hidden': 'true' }), document.createTextNode(s.name));
    box.append(item);
  });
  return box;
}

function drawCandidateChart(host, report, target) {
  const first = report.strategies[0];
  const others = report.strategies.slice(1);
  // The slate's candidates first, then the others most likely to be elected (at most 20 rows).
  const rows = [...first.candidates]
    .sort((a, b) => (b.faction === target) - (a.faction === target) || b.p_elected - a.p_elected)
    .filter((c, i) => c.faction === target || (c.p_elected > 0.005 && i < 20));
  const width = chartWidth(host), labelW = Math.min(190, Math.round(width * 0.42));
  const rowH = 22 * (1 + others.length) + 6, top = 4;
  const height = top + rows.length * rowH + 4;
  const plotW = width - labelW - 52;
  const fits = Math.floor((labelW - 8) / 7.4);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': 'cand-title' });
  chart.append(svg('title', { id: 'cand-title' },
    'Chance of election: ' + rows.map((c) => `${c.name} ${percent(c.p_elected)}`).join(', ')));
  rows.forEach((c, i) => {
    const y = top + i * rowH;
    chart.append(svg('text', { x: labelW - 8, y: y + 15, 'text-anchor': 'end' }, c.name.length > fits ? `${c.name.slice(0, fits - 1)}…` : c.name));
    [first, ...others].forEach((s, k) => {
      const r = s.candidates.find((x) => x.name === c.name) ?? { p_elected: 0 };
      const w = plotW * r.p_elected;
      const cls = k ? 'bar compare' : c.faction === target ? 'bar' : 'bar other';
      const bar = svg('rect', { class: cls, x: labelW, y: y + 2 + k * 22, width: w.toFixed(1), height: 18 });
      bar.append(svg('title', {}, `${c.name} (${s.name}): elected in ${percent(r.p_elected)} of runs`));
      chart.append(bar);
      chart.append(svg('text', { x: labelW + w + 4, y: y + 15 + k * 22 }, percent(r.p_elected)));
    });
  });
  chart.append(svg('line', { class: 'axis', x1: labelW, y1: top, x2: labelW, y2: top + rows.length * rowH }));
  host.replaceChildren(chart);
}

async function readFile() {
  const file = $('blt-file').files?.[0];
  if (!file) return;
  if (file.size > 16 * 1024 * 1024) {
    $('count-error').textContent = 'The file is larger than 16 MiB.';
    return;
  }
  $('blt-text').value = await file.text();
  $('count-error').textContent = '';
}

async function runCount(event) {
  event.preventDefault();
  $('count-error').textContent = '';
  const text = $('blt-text').value;
  if (!text.trim()) {
    $('count-error').textContent = 'Paste a BLT file or choose one first.';
    return;
  }
  const reply = await ask('count', { text, rule: $('rule').value });
  if (reply.type === 'error') {
    $('count-result').hidden = true;
    $('count-error').textContent = reply.message;
    return;
  }
  if (reply.type === 'result') drawTranscript(JSON.parse(reply.json));
}

function drawTranscript(t) {
  const elected = t.elected.map((e) => e.name);
  $('count-summary').textContent =
    `${t.title ? `${t.title}: ` : ''}${t.seats} seat${t.seats === 1 ? '' : 's'}, ${t.candidates.length} candidates, ` +
    `valid votes ${t.valid_votes}, quota ${t.quota} (${t.rule}). Elected: ${elected.join(', ') || 'nobody'}.`;
  const table = $('stage-table');
  const head = el('thead');
  const hr = el('tr');
  hr.append(el('th', { scope: 'col' }, 'Candidate'));
  for (const stage of t.stages) {
    const th = el('th', { scope: 'col', title: stage.description }, `Stage ${stage.number}`);
    hr.append(th);
  }
  head.append(hr);
  const act = el('tr');
  act.append(el('th', { scope: 'row' }, 'Action'));
  for (const stage of t.stages) {
    const who = stage.candidates.length ? `: ${stage.candidates.join(', ')}` : '';
    act.append(el('td', { class: 'action' }, `${stage.action.replace('_', ' ')}${who}`));
  }
  head.append(act);
  const body = el('tbody');
  t.candidates.forEach((name, i) => {
    const last = t.stages[t.stages.length - 1]?.states[i];
    const tr = el('tr', { class: last ?? '' });
    tr.append(el('th', { scope: 'row' }, name));
    for (const stage of t.stages) {
      const state = stage.states[i];
      const value = stage.tallies[name] ?? '';
      const td = el('td', { class: state === 'elected' || state === 'excluded' ? state : '' }, value);
      if (state === 'elected' || state === 'excluded') td.setAttribute('title', state);
      tr.append(td);
    }
    body.append(tr);
  });
  const foot = el('tfoot');
  for (const [label, key] of [['Exhausted', 'exhausted'], ['Quota', 'quota']]) {
    const tr = el('tr');
    tr.append(el('th', { scope: 'row' }, label));
    for (const stage of t.stages) tr.append(el('td', {}, stage[key]));
    foot.append(tr);
  }
  table.replaceChildren(el('caption', { class: 'visually-hidden' }, 'Votes for each candidate at the end of each stage'), head, body, foot);
  $('count-result').hidden = false;
}

function setupOrganiser() {
  const strategies = call(slatewise.strategies).value ?? [];
  const preferred = strategies.includes('published') ? 'published' : strategies[0];
  $('strategy').replaceChildren(...strategies.map((s) => {
    const o = el('option', { value: s }, s);
    if (s === preferred) o.selected = true;
    return o;
  }));
  $('compare').append(...strategies.map((s) => el('option', { value: s }, s)));
  const rules = call(slatewise.rules).value ?? [];
  $('rule').replaceChildren(...rules.map((r) => {
    const o = el('option', { value: r.name, title: r.description }, r.name);
    if (r.name === 'meek') o.selected = true;
    return o;
  }));
  $('sim-form').addEventListener('submit', runSimulation);
  $('stop').addEventListener('click', stop);
  $('count-form').addEventListener('submit', runCount);
  $('blt-file').addEventListener('change', readFile);
}

// ---------------------------------------------------------------- start

function showView(view) {
  const organiser = view === 'organiser';
  $('member').hidden = organiser;
  $('organiser').hidden = !organiser;
  $('tab-member').toggleAttribute('aria-current', !organiser);
  $('tab-organiser').toggleAttribute('aria-current', organiser);
  if (!organiser) $('tab-member').setAttribute('aria-current', 'page');
  else $('tab-organiser').setAttribute('aria-current', 'page');
  document.title = organiser ? 'Simulate #GV6 — slatewise' : 'How should I rank #GV6 in my region?';
}

async function main() {
  const params = new URLSearchParams(location.search);
  const view = params.get('view') === 'organiser' ? 'organiser' : 'member';
  showView(view);
  try {
    await init({ module_or_path: new URL('./pkg/slatewise_wasm_bg.wasm', import.meta.url) });
  } catch (e) {
    $('region-message').textContent = `This browser could not start the page (${e.message ?? e}).`;
    return;
  }
  setupMember(params);
  setupOrganiser();
  document.body.dataset.ready = 'true';
  performance.mark('ready');
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register(new URL('./sw.js', import.meta.url)).catch(() => {});
  }
}

main();
