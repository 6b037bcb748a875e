// Browser tests of the built page (web-demo/dist/) in headless Chromium, driven by
// playwright-core. Run by web-demo/test.sh: `node --test web-demo/tests/`.
//
// Environment: CHROMIUM (default /usr/bin/chromium), SLATEWISE_BIN (the native CLI for the
// parity test; default target/release/slatewise), TEST_RESULTS (screenshots and metrics;
// default web-demo/test-results).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const demo = dirname(here);
const root = dirname(demo);
const dist = join(demo, 'dist');
const results = process.env.TEST_RESULTS ?? join(demo, 'test-results');
const cli = process.env.SLATEWISE_BIN ?? join(root, 'target', 'release', 'slatewise');

/** The orders as the organisers published them (shared/domain/gv6-2020.md), by region name. */
const PUBLISHED = {
  A: [['Northern', 'South West'], ['Laura Pidcock', 'Ann Henderson', 'Mish Rahman', 'Gemma Bolton', 'Nadia Jama', 'Yasmine Dar']],
  B: [['Yorkshire & the Humber', 'East Midlands', 'West London'], ['Nadia Jama', 'Laura Pidcock', 'Ann Henderson', 'Mish Rahman', 'Yasmine Dar', 'Gemma Bolton']],
  C: [['West Midlands', 'North & East London'], ['Mish Rahman', 'Yasmine Dar', 'Gemma Bolton', 'Ann Henderson', 'Laura Pidcock', 'Nadia Jama']],
  D: [['South East', 'South London'], ['Gemma Bolton', 'Mish Rahman', 'Nadia Jama', 'Ann Henderson', 'Yasmine Dar', 'Laura Pidcock']],
  E: [['Scotland', 'Wales', 'East'], ['Ann Henderson', 'Nadia Jama', 'Yasmine Dar', 'Laura Pidcock', 'Gemma Bolton', 'Mish Rahman']],
  F: [['North West', 'Northern Ireland', 'International'], ['Yasmine Dar', 'Gemma Bolton', 'Laura Pidcock', 'Nadia Jama', 'Ann Henderson', 'Mish Rahman']],
};
const orderOf = (region) => Object.values(PUBLISHED).find(([regions]) => regions.includes(region))[1];

const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_BLT = `4 2
12 1 2 0
9 2 0
7 3 1 0
5 4 3 0
0
"${HOSTILE}"
"Bob"
"Carol & <b>Dave</b>"
"Eve"
"<script>alert(2)</script>"
`;

const SEED = 2020;
const RUNS = 1000;

let server;
let base;
let context;
let profile;
const problems = []; // console errors, page errors, dialogs, failed or external requests
let offline = false; // requests are expected to fail while the browser is offline
const metrics = {};

function watch(page) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('requestfailed', (r) => { if (!offline) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`external request: ${u}`);
  });
  page.on('worker', (w) => w.on('close', () => {}));
  return page;
}

async function open(path, width = 1280) {
  const page = watch(await context.newPage());
  await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
  await page.goto(base + path);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

const orderOnPage = (page) => page.locator('#order li').allTextContents();

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), 'web-demo/dist is missing: run web-demo/build.sh');
  mkdirSync(results, { recursive: true });
  ({ server, url: base } = await serve(dist, 0));
  profile = mkdtempSync(join(tmpdir(), 'slatewise-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.replace(/\/$/, '') });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  writeFileSync(join(results, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
});

test('the wasm module is under 400 KB gzipped', () => {
  const wasm = readFileSync(join(dist, 'pkg', 'slatewise_wasm_bg.wasm'));
  const gz = gzipSync(wasm, { level: 9 }).length;
  metrics.wasm_bytes = wasm.length;
  metrics.wasm_gzip_bytes = gz;
  console.log(`# wasm: ${wasm.length} bytes, ${gz} bytes gzipped (${(gz / 1024).toFixed(1)} KiB; limit 400 KB)`);
  assert.ok(gz < 400 * 1000, `wasm is ${gz} bytes gzipped`);
});

test('first meaningful paint of the member view is under 1 s', async () => {
  // A fresh page for a shared link: navigation start -> the numbered order on screen.
  const page = await open('?region=wales', 360);
  await page.waitForSelector('#order li');
  const timing = await page.evaluate(() => ({
    order: performance.getEntriesByName('order-shown')[0]?.startTime,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
  }));
  metrics.first_paint_ms = Math.round(timing.order);
  metrics.first_contentful_paint_ms = Math.round(timing.fcp ?? -1);
  console.log(`# member view: order shown ${timing.order.toFixed(0)} ms after navigation start (first contentful paint ${timing.fcp?.toFixed(0)} ms)`);
  assert.ok(timing.order < 1000, `order shown after ${timing.order} ms`);
  await page.close();
});

test('every region shows its published order', async () => {
  const page = await open('');
  const regions = await page.locator('#region-list option').evaluateAll((os) => os.map((o) => o.value));
  assert.equal(regions.length, 15);
  for (const region of regions) {
    await page.fill('#region', region);
    await page.waitForFunction((r) => document.getElementById('answer-title').textContent.endsWith(r), region);
    assert.deepEqual(await orderOnPage(page), orderOf(region), region);
  }
  // And by the list of region links.
  await page.click('#all-regions summary');
  await page.click('#region-links >> text=Northern Ireland');
  assert.deepEqual(await orderOnPage(page), orderOf('Northern Ireland'));
  assert.match(page.url(), /\?region=northern-ireland$/);
  await page.close();
});

test('a region can be pre-selected by URL with forgiving spellings', async () => {
  for (const [query, region] of [
    ['south-west', 'South West'], ['wales', 'Wales'], ['northern-ireland', 'Northern Ireland'],
    ['Yorkshire', 'Yorkshire & the Humber'], ['NI', 'Northern Ireland'], ['abroad', 'International'],
    ['north-and-east-london', 'North & East London'],
  ]) {
    const page = await open(`?region=${encodeURIComponent(query)}`);
    await page.waitForSelector('#order li');
    assert.equal(await page.textContent('#answer-title'), `Your order in ${region}`, query);
    assert.deepEqual(await orderOnPage(page), orderOf(region), query);
    assert.equal(await page.inputValue('#region'), region);
    await page.close();
  }
  // An unknown one says so, with suggestions, and shows no order.
  const page = await open('?region=Sout%20Wst');
  assert.equal(await page.isHidden('#answer'), true);
  assert.match(await page.textContent('#region-message'), /unknown region "Sout Wst"; did you mean: South West, South East\?/);
  await page.close();
});

test('a typed misspelling finds the region', async () => {
  const page = await open('');
  await page.locator('#region').pressSequentially('Nothern Irland', { delay: 10 });
  await page.waitForFunction(() => document.getElementById('answer-title').textContent === 'Your order in Northern Ireland');
  assert.deepEqual(await orderOnPage(page), orderOf('Northern Ireland'));
  // Too far off to guess: suggestions, chosen with the keyboard.
  await page.fill('#region', '');
  await page.locator('#region').pressSequentially('Sout Wst', { delay: 10 });
  await page.waitForSelector('#suggestions button');
  assert.deepEqual(await page.locator('#suggestions button').allTextContents(), ['South West', 'South East']);
  await page.focus('#suggestions button >> nth=0');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#order li');
  assert.deepEqual(await orderOnPage(page), orderOf('South West'));
  await page.close();
});

test('copy produces the numbered text', async () => {
  const page = await open('?region=wales');
  await page.waitForSelector('#order li');
  // By keyboard: Tab from the region box reaches the copy button.
  await page.focus('#region');
  for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.id === 'copy')); i++) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'copy');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('copy-status').textContent.startsWith('Copied'));
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(text, orderOf('Wales').map((name, i) => `${i + 1}. ${name}`).join('\n'));
  assert.equal(text.split('\n')[0], '1. Ann Henderson');
  // The two explanatory sentences are there.
  assert.match(await page.textContent('#why'), /differ by region/);
  assert.equal(await page.textContent('#after'), 'After the six, you may go on ranking other candidates: under STV a later preference can never hurt an earlier one.');
  await page.close();
});

test('the organiser view completes a 1,000-run simulation, draws the charts and matches the CLI', async () => {
  const page = await open('?view=organiser');
  assert.equal(await page.isVisible('#organiser'), true);
  assert.equal(await page.isHidden('#member'), true);
  await page.selectOption('#strategy', 'published');
  await page.selectOption('#compare', '');
  await page.fill('#runs', String(RUNS));
  await page.fill('#seed', String(SEED));
  await page.click('#run');
  // While the worker runs, the page answers at once and the progress bar moves.
  let responsive = Infinity;
  let progressed = false;
  while (!(await page.isVisible('#sim-results'))) {
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    responsive = Math.min(responsive, Date.now() - t0);
    progressed ||= await page.evaluate(() => document.getElementById('sim-progress').value > 0);
    if (await page.textContent('#sim-error')) break;
    await page.waitForTimeout(50);
  }
  assert.equal(await page.textContent('#sim-error'), '');
  const ms = Number(await page.getAttribute('#sim-status', 'data-ms'));
  metrics.simulation_1000_runs_ms = ms;
  console.log(`# organiser view: ${RUNS} simulations of the built-in scenario in ${ms} ms (worker)`);
  assert.ok(ms < 5000, `${RUNS} runs took ${ms} ms`);
  assert.ok(progressed, 'the progress bar moved');
  assert.ok(responsive < 500, `the page answered a frame in ${responsive} ms during the simulation`);
  assert.equal(await page.evaluate(() => document.getElementById('sim-progress').value === document.getElementById('sim-progress').max), true);
  // Charts: one bar per seat count, one per candidate of the slate at least.
  assert.ok(await page.locator('#seat-chart svg rect').count() >= 10);
  assert.ok(await page.locator('#cand-chart svg rect').count() >= 6);
  const candidateLabels = await page.locator('#cand-chart svg text').allTextContents();
  for (const name of orderOf('Wales')) assert.ok(candidateLabels.includes(name), name);

  // Acceptance 4: the same seed gives the same numbers as the command line.
  const json = await page.textContent('#report-json');
  const report = JSON.parse(json);
  assert.equal(report.runs, RUNS);
  assert.equal(report.seed, SEED);
  if (existsSync(cli)) {
    const native = execFileSync(cli, ['simulate', '--runs', String(RUNS), '--seed', String(SEED), '--strategy', 'published', '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(json, native, 'the browser report differs from `slatewise simulate --format json`');
    const p = JSON.parse(native).strategies[0].p_target;
    assert.ok((await page.textContent('#sim-summary')).includes(`${(100 * p).toFixed(1)}%`));
    metrics.cli_parity = true;
  } else {
    assert.fail(`the native CLI ${cli} is missing (build it with cargo build -p slatewise-cli --release)`);
  }
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(results, `organiser-${width}.png`), fullPage: true });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `no sideways scrolling at ${width} px`);
  }
  await page.close();
});

test('a BLT file is counted and its names are shown as text, never as HTML', async () => {
  const page = await open('?view=organiser');
  await page.fill('#blt-text', HOSTILE_BLT);
  await page.selectOption('#rule', 'scottish');
  await page.click('#count');
  await page.waitForSelector('#count-result:not([hidden])');
  const rows = await page.locator('#stage-table tbody th').allTextContents();
  assert.deepEqual(rows, [HOSTILE, 'Bob', 'Carol & <b>Dave</b>', 'Eve']);
  assert.ok((await page.textContent('#count-summary')).includes(HOSTILE));
  assert.equal(await page.locator('#organiser img, #organiser b, #organiser script').count(), 0);
  assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
  // Also by file upload, and a broken file gives a one-line message.
  await page.setInputFiles('#blt-file', { name: 'bad.blt', mimeType: 'text/plain', buffer: Buffer.from('3 1\n1 7 0\n0\n"a"\n"b"\n"c"\n"t"\n') });
  await page.waitForFunction(() => document.getElementById('blt-text').value.startsWith('3 1'));
  await page.click('#count');
  await page.waitForFunction(() => document.getElementById('count-error').textContent.length > 0);
  assert.doesNotMatch(await page.textContent('#count-error'), /\n/);
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.fill('#blt-text', HOSTILE_BLT);
    await page.click('#count');
    await page.waitForFunction(() => document.getElementById('count-error').textContent === '');
    await page.screenshot({ path: join(results, `count-${width}.png`), fullPage: true });
  }
  await page.close();
});

test('screenshots of the member view at 360 px and 1280 px, readable without sideways scrolling', async () => {
  for (const width of [360, 1280]) {
    const page = await open('?region=south-west', width);
    await page.waitForSelector('#order li');
    await page.screenshot({ path: join(results, `member-${width}.png`), fullPage: true });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `no sideways scrolling at ${width} px`);
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#order li')).fontSize));
    assert.ok(size >= 24, `the order is in large type (${size}px)`);
    // Every form control has a label.
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((c) => !c.labels?.length && !c.getAttribute('aria-label')).map((c) => c.id));
    assert.deepEqual(unlabelled, []);
    await page.close();
  }
});

test('the page works offline once loaded (service worker)', async () => {
  const page = await open('?region=scotland');
  await page.waitForSelector('#order li');
  await page.evaluate(() => navigator.serviceWorker.ready);
  offline = true;
  await context.setOffline(true);
  try {
    const other = watch(await context.newPage());
    await other.goto(`${base}?region=north-west`);
    await other.waitForSelector('#order li');
    assert.deepEqual(await orderOnPage(other), orderOf('North West'));
    await other.close();
  } finally {
    await context.setOffline(false);
    offline = false;
  }
  await page.close();
});

test('no console errors, dialogs or external requests', () => {
  assert.deepEqual(problems, []);
});
