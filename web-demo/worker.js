// The organiser view's worker: simulations and counts run here so the page stays responsive.
// Messages in: {type: 'simulate', id, scenario, options} or {type: 'count', id, text, rule}.
// Messages out: {type: 'progress', id, done, total}, {type: 'result', id, json, ms} or
// {type: 'error', id, message}.

import init, { simulate, count_blt } from './pkg/slatewise_wasm.js';

const ready = init({ module_or_path: new URL('./pkg/slatewise_wasm_bg.wasm', import.meta.url) });

function run(data) {
  if (data.type === 'simulate') {
    let sent = -1;
    const progress = (done, total) => {
      // At most ~200 messages per simulation.
      const step = Math.floor((200 * done) / total);
      if (step !== sent || done === total) {
        sent = step;
        postMessage({ type: 'progress', id: data.id, done, total });
      }
    };
    return simulate(data.scenario || undefined, data.options, progress);
  }
  if (data.type === 'count') return count_blt(data.text, data.rule || undefined);
  throw new Error(`unknown request ${data.type}`);
}

self.addEventListener('message', async ({ data }) => {
  try {
    await ready;
    const start = performance.now();
    const json = run(data);
    postMessage({ type: 'result', id: data.id, json, ms: performance.now() - start });
  } catch (e) {
    // A RuntimeError is a trap inside wasm (it should never happen: the library returns errors
    // as messages); the page then starts a fresh worker, since this instance may be broken.
    const fatal = e instanceof WebAssembly.RuntimeError;
    const message = e && e.message ? String(e.message) : String(e);
    postMessage({ type: 'error', id: data.id, fatal, message: fatal ? `internal error (${message}); please report it` : message });
  }
});
