'use strict';
// Drives a Jupyter Server the way JupyterLab 4.4 does: with JupyterLab's own client library
// (@jupyterlab/services 7.4) over the websocket, from Node. Used by environment/tests.d/30-binder.sh.
//
//   node binder-session.js notebooks   open every notebook as a session (as JupyterLab does when a
//                                      tab opens), run every code cell in order, check completion,
//                                      inspection, the kernel's working directory, display updates,
//                                      interrupt and restart through the REST API, and closing the
//                                      sessions; measure peak RSS per kernel and the PSS of the
//                                      server plus the live kernels; write each executed notebook
//                                      for nbrun.py to judge
//   node binder-session.js race N      open and close one notebook N times and count the openings
//                                      in which the kernel was never seen ready (no 'idle' status)
//
// Settings come from the environment: FP_URL, FP_TOKEN, FP_ROOT (the server's root directory),
// FP_NOTEBOOKS (paths relative to FP_ROOT), FP_OUT (directory for the executed notebooks and
// results.json), FP_SERVER_PID, FP_OVERRIDES (JupyterLab's overrides.json that postBuild wrote),
// FP_READY_TIMEOUT_S (30), FP_CELL_TIMEOUT_S (900), FP_RSS_BUDGET_MIB (350), FP_PSS_BUDGET_MIB (1536),
// FP_KEEP_OPEN (1: leave every tab open).
// Prints one "ok - ..." or "not ok - ..." line per check and "binder-session: N passed, M failed".

const fs = require('fs');
const path = require('path');
const WebSocket = require('ws');
const { ServerConnection, KernelManager, SessionManager, KernelSpecManager } = require('@jupyterlab/services');

const env = (name, fallback) => {
    const v = process.env[name];
    if (v === undefined || v === '') {
        if (fallback === undefined) throw new Error(`binder-session: ${name} is not set`);
        return fallback;
    }
    return v;
};
const URL_ = env('FP_URL');
const TOKEN = env('FP_TOKEN');
const ROOT = env('FP_ROOT');
const OUT = env('FP_OUT');
const READY_MS = 1000 * Number(env('FP_READY_TIMEOUT_S', '30'));
const CELL_MS = 1000 * Number(env('FP_CELL_TIMEOUT_S', '900'));
// The issue's target for one kernel is 300 MiB of peak RSS. 03-model-replacement peaks at 290-306 MiB
// and 05-backdoors (with its research-frontier part) at about 313 (README, "Binder"), so the check's
// bound is 350 MiB, a guard against regressions (the kernel's earlier settings gave up to 380), and the
// summary names every notebook at or over the 300 MiB target.
const RSS_TARGET = 300;
const RSS_BUDGET = Number(env('FP_RSS_BUDGET_MIB', '350'));
const PSS_BUDGET = Number(env('FP_PSS_BUDGET_MIB', '1536'));
const KERNEL = 'fedpoison';

const settings = ServerConnection.makeSettings({
    baseUrl: URL_ + '/', wsUrl: URL_.replace(/^http/, 'ws') + '/', token: TOKEN, appendToken: true,
    WebSocket, fetch: globalThis.fetch, Request: globalThis.Request, Headers: globalThis.Headers,
});
const kernels = new KernelManager({ serverSettings: settings });
const sessions = new SessionManager({ kernelManager: kernels, serverSettings: settings });

let passed = 0, failed = 0;
function check(name, ok, detail) {
    if (ok) { passed++; console.log(`ok - ${name}${detail ? ` (${detail})` : ''}`); }
    else { failed++; console.log(`not ok - ${name}${detail ? `: ${detail}` : ''}`); }
    return ok;
}
const sleep = ms => new Promise(r => setTimeout(r, ms));
const mib = kb => Math.round(kb / 1024);
function withTimeout(promise, ms, what) {
    let t;
    return Promise.race([promise, new Promise((_, reject) => {
        t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
    })]).finally(() => clearTimeout(t));
}

// ---- processes: the kernel behind a kernel id, its memory, its working directory ----------------
function kernelPid(kernelId) {
    const needle = `kernel-${kernelId}.json`;
    for (const d of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(d)) continue;
        try {
            if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').some(a => a.endsWith(needle))) return Number(d);
        } catch (e) { /* gone */ }
    }
    return null;
}
async function waitKernelPid(kernelId) {
    for (let i = 0; i < 100; i++) { const p = kernelPid(kernelId); if (p) return p; await sleep(100); }
    return null;
}
const alive = pid => { try { fs.accessSync(`/proc/${pid}/status`); return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8')); } catch (e) { return false; } };
function statusKb(pid, field) {
    try { const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm')); return m ? Number(m[1]) : null; }
    catch (e) { return null; }
}
function pssKb(pid) {
    try { const m = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m); return m ? Number(m[1]) : null; }
    catch (e) { return null; }
}
async function waitGone(pid, ms) {
    for (let t = 0; t < ms; t += 100) { if (!alive(pid)) return true; await sleep(100); }
    return !alive(pid);
}

// The sum of PSS of the server and every live kernel, sampled while the notebooks run.
const memory = { serverPid: Number(env('FP_SERVER_PID', '0')) || null, kernels: new Map(), peakTotalKb: 0, peakAt: '', timer: null };
function sampleMemory(label) {
    let total = memory.serverPid ? (pssKb(memory.serverPid) || 0) : 0;
    let live = 0;
    for (const [pid, k] of memory.kernels) {
        const p = alive(pid) ? pssKb(pid) : null;
        if (p === null) continue;
        live++;
        total += p;
        k.peakPssKb = Math.max(k.peakPssKb, p);
    }
    if (total > memory.peakTotalKb) { memory.peakTotalKb = total; memory.peakAt = `${label}, ${live} live kernel(s)`; }
}

// ---- opening a notebook: what JupyterLab does when its tab opens --------------------------------
function waitIdle(kernel, ms) {
    if (kernel.status === 'idle') return Promise.resolve(true);
    return new Promise(resolve => {
        const onStatus = (_, status) => { if (status === 'idle') { done(true); } };
        const timer = setTimeout(() => done(false), ms);
        function done(v) { clearTimeout(timer); kernel.statusChanged.disconnect(onStatus); resolve(v); }
        kernel.statusChanged.connect(onStatus);
    });
}
async function open(relPath) {
    const t0 = Date.now();
    const session = await sessions.startNew({ path: relPath, type: 'notebook', name: path.basename(relPath), kernel: { name: KERNEL } });
    // what reached this connection, for the diagnosis of an opening that never sees the kernel ready
    const received = [];
    const onMessage = (_, a) => { if (a.direction === 'recv') received.push(`${a.msg.channel}:${a.msg.header.msg_type}${a.msg.content && a.msg.content.execution_state ? '=' + a.msg.content.execution_state : ''}@${Date.now() - t0}`); };
    session.kernel.anyMessage.connect(onMessage);
    const ready = await waitIdle(session.kernel, READY_MS);
    session.kernel.anyMessage.disconnect(onMessage);
    return { session, kernel: session.kernel, ready, readyMs: Date.now() - t0, received };
}

// ---- running cells and keeping their outputs as JupyterLab's output area does ------------------
function joinSource(s) { return Array.isArray(s) ? s.join('') : s; }
function runCell(kernel, code, cellOutputs, counters) {
    const outputs = [];
    const displayIds = new Set();
    let clearPending = false;
    cellOutputs.push(outputs);
    const push = out => {
        if (clearPending) { outputs.length = 0; clearPending = false; }
        const last = outputs[outputs.length - 1];
        if (out.output_type === 'stream' && last && last.output_type === 'stream' && last.name === out.name) last.text += out.text;
        else outputs.push(out);
    };
    // disposeOnDone=false, as JupyterLab's output area: a later update of this cell's display still
    // finds its way here through the kernel connection's display-id routing
    const future = kernel.requestExecute({ code, stop_on_error: true, store_history: true, allow_stdin: false }, false);
    future.onIOPub = msg => {
        const c = msg.content, t = msg.header.msg_type;
        const id = c.transient && c.transient.display_id;
        if (t === 'stream') push({ output_type: 'stream', name: c.name, text: c.text });
        else if (t === 'execute_result') push({ output_type: 'execute_result', data: c.data, metadata: c.metadata || {}, execution_count: c.execution_count });
        else if (t === 'error') push({ output_type: 'error', ename: c.ename, evalue: c.evalue, traceback: c.traceback });
        else if (t === 'clear_output') { if (c.wait) clearPending = true; else outputs.length = 0; }
        else if (t === 'display_data') {
            if (id && displayIds.has(id)) { update(id, c); return; }  // re-shown id: routed here as an update
            push({ output_type: 'display_data', data: c.data, metadata: c.metadata || {}, _id: id });
            if (id) displayIds.add(id);
        } else if (t === 'update_display_data') update(id, c);
    };
    function update(id, c) {
        let hit = 0;
        for (const out of outputs) if (out._id === id) { out.data = c.data; out.metadata = c.metadata || {}; hit++; }
        if (hit) counters.routed++; else counters.misrouted++;
    }
    return withTimeout(future.done, CELL_MS, 'cell').then(reply => ({ reply, future }));
}
function toNotebook(nb, cellOutputs) {
    const copy = JSON.parse(JSON.stringify(nb));
    let k = 0;
    for (const cell of copy.cells) {
        if (cell.cell_type !== 'code') continue;
        const outs = cellOutputs[k++] || [];
        cell.outputs = outs.map(o => { const { _id, ...rest } = o; return rest; });
    }
    return copy;
}

async function runNotebook(relPath, counters) {
    const abs = path.join(ROOT, relPath);
    const nb = JSON.parse(fs.readFileSync(abs, 'utf8'));
    const name = path.basename(relPath, '.ipynb');
    const opened = await open(relPath);
    const { kernel } = opened;
    check(`${name}: kernel seen ready after opening`, opened.ready, `${opened.readyMs} ms`);
    const pid = await waitKernelPid(kernel.id);
    const record = { path: relPath, pid, readyMs: opened.readyMs, peakPssKb: 0 };
    if (pid) memory.kernels.set(pid, record);
    let cwd = null;
    try { cwd = pid && fs.readlinkSync(`/proc/${pid}/cwd`); } catch (e) { cwd = String(e); }
    check(`${name}: kernel's working directory is the notebook's folder`, cwd === path.dirname(abs), `${cwd}`);

    const cellOutputs = [];
    const futures = [];
    const t0 = Date.now();
    let aborted = null;
    const codeCells = nb.cells.filter(c => c.cell_type === 'code');
    for (let i = 0; i < codeCells.length; i++) {
        try {
            const { reply, future } = await runCell(kernel, joinSource(codeCells[i].source), cellOutputs, counters);
            futures.push(future);
            sampleMemory(`${name} cell ${i}`);
            if (reply.content.status !== 'ok') { aborted = `code cell ${i}: ${reply.content.status} ${reply.content.ename || ''}`; break; }
        } catch (e) { aborted = `code cell ${i}: ${e.message}`; break; }
    }
    record.seconds = (Date.now() - t0) / 1000;
    check(`${name}: every code cell ran in order (${codeCells.length} cells)`, !aborted, aborted || `${record.seconds.toFixed(1)} s`);
    fs.writeFileSync(path.join(OUT, path.basename(relPath)), JSON.stringify(toNotebook(nb, cellOutputs), null, 1));

    // Tab completion and Shift-Tab inspection, as the editor asks for them
    try {
        const code = 'Math.ma';
        const r = await withTimeout(kernel.requestComplete({ code, cursor_pos: code.length }), 30000, 'complete');
        check(`${name}: completion answers`, r.content.status === 'ok' && r.content.matches.some(m => m.startsWith('max')),
            `${r.content.matches.length} matches`);
        const code2 = 'Math.max';
        const q = await withTimeout(kernel.requestInspect({ code: code2, cursor_pos: code2.length, detail_level: 0 }), 30000, 'inspect');
        check(`${name}: inspection answers`, q.content.status === 'ok' && q.content.found && /max/.test(JSON.stringify(q.content.data)));
    } catch (e) { check(`${name}: completion and inspection answer`, false, e.message); }

    record.peakRssKb = pid ? statusKb(pid, 'VmHWM') : null;
    record.pssKb = pid ? pssKb(pid) : null;
    check(`${name}: kernel peak RSS under ${RSS_BUDGET} MiB`, record.peakRssKb !== null && mib(record.peakRssKb) < RSS_BUDGET,
        `${mib(record.peakRssKb || 0)} MiB peak RSS, ${mib(record.pssKb || 0)} MiB PSS now`);
    return { ...opened, pid, record, futures };
}

async function interruptAndRestart(open_) {
    const { kernel, pid } = open_;
    // interrupt through the REST API (POST /api/kernels/<id>/interrupt), as the toolbar button does
    const future = kernel.requestExecute({ code: 'Thread.sleep(600_000);' });
    await sleep(1500);
    const t0 = Date.now();
    await kernel.interrupt();
    let reply = null;
    try { reply = await withTimeout(future.done, 20000, 'interrupted cell'); } catch (e) { /* reported below */ }
    check('interrupt through the REST API stops the running cell', reply && reply.content.status !== 'ok',
        reply ? `${reply.content.status} after ${Date.now() - t0} ms` : 'no reply within 20 s');
    const after = await withTimeout(kernel.requestExecute({ code: '6 * 7' }).done, 30000, 'cell after interrupt').catch(e => null);
    check('the same kernel runs the next cell after the interrupt', after && after.content.status === 'ok' && kernelPid(kernel.id) === pid);

    // restart through the REST API (POST /api/kernels/<id>/restart)
    await kernel.restart();
    const ready = await waitIdle(kernel, READY_MS);
    const newPid = await waitKernelPid(kernel.id);
    const fresh = await withTimeout(kernel.requestExecute({ code: 'int fresh = 41; fresh + 1' }).done, 60000, 'cell after restart').catch(e => null);
    check('restart through the REST API gives a new kernel process that runs cells',
        ready && newPid && newPid !== pid && !alive(pid) && fresh && fresh.content.status === 'ok', `pid ${pid} -> ${newPid}`);
    if (newPid) memory.kernels.set(newPid, { path: open_.record.path + ' (restarted)', peakPssKb: 0 });
    return newPid;
}

function readOverrides() {
    const file = process.env.FP_OVERRIDES;
    try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { return null; }
}

async function notebooksMode() {
    const specs = new KernelSpecManager({ serverSettings: settings });
    await specs.refreshSpecs();
    const spec = specs.specs && specs.specs.kernelspecs[KERNEL];
    check(`the server lists the kernelspec "${KERNEL}"`, !!spec, spec ? spec.display_name : Object.keys((specs.specs || {}).kernelspecs || {}).join(', '));

    const overrides = readOverrides();
    const shutdownOnClose = !!(overrides && overrides['@jupyterlab/notebook-extension:tracker'] && overrides['@jupyterlab/notebook-extension:tracker'].kernelShutdown === true);
    check('JupyterLab is told to shut a kernel down when its tab closes (overrides.json)', shutdownOnClose, process.env.FP_OVERRIDES);

    // A student works through the notebooks in order. With kernelShutdown (what postBuild installs)
    // closing a tab shuts its kernel down (DELETE /api/sessions/<id>); FP_KEEP_OPEN=1 leaves every
    // tab open instead, to measure what all the kernels together take.
    const keepOpen = process.env.FP_KEEP_OPEN === '1';
    memory.timer = setInterval(() => sampleMemory('between cells'), 500);
    const counters = { routed: 0, misrouted: 0 };
    const opened = [];
    let closed = 0, gone = 0;
    const close = async o => {
        for (const f of o.futures) f.dispose();
        await o.session.shutdown();
        closed++;
        if (!o.pid || await waitGone(o.pid, 15000)) gone++;
    };
    const rels = env('FP_NOTEBOOKS').split(/\s+/).filter(Boolean);
    for (let i = 0; i < rels.length; i++) {
        let o;
        try { o = await runNotebook(rels[i], counters); }
        catch (e) { check(`${path.basename(rels[i])}: opened and run`, false, e.stack); continue; }
        if (i === rels.length - 1) {
            try { o.pid = await interruptAndRestart(o); } catch (e) { check('interrupt and restart', false, e.message); }
        }
        sampleMemory(path.basename(rels[i], '.ipynb'));
        if (keepOpen) opened.push(o); else await close(o);
    }
    clearInterval(memory.timer);
    const serverPss = memory.serverPid ? pssKb(memory.serverPid) : null;
    const scenario = keepOpen ? 'every tab left open' : 'each tab closed when done (kernelShutdown)';
    const line = `peak ${mib(memory.peakTotalKb)} MiB PSS at ${memory.peakAt}; server ${mib(serverPss || 0)} MiB`;
    if (keepOpen) console.log(`# memory, ${scenario}: ${line}`);
    else check(`notebooks in order in one session, ${scenario}: server + live kernels under ${PSS_BUDGET} MiB PSS`,
        memory.peakTotalKb > 0 && mib(memory.peakTotalKb) < PSS_BUDGET, line);
    const anyUpdates = counters.routed + counters.misrouted;
    check('display updates routed to the cell that shows the display', anyUpdates > 0 && counters.misrouted === 0,
        `${counters.routed} routed, ${counters.misrouted} not`);
    for (const o of opened) await close(o);
    const left = await fetch(`${URL_}/api/kernels`, { headers: { Authorization: `token ${TOKEN}` } }).then(r => r.json());
    check('closing each session ends its kernel process', closed > 0 && gone === closed && left.length === 0,
        `${gone} of ${closed} processes gone, ${left.length} kernel(s) still listed`);

    const results = {
        notebooks: [...memory.kernels.values()].map(k => ({
            path: k.path, readyMs: k.readyMs, seconds: k.seconds, peakRssMiB: k.peakRssKb ? mib(k.peakRssKb) : null,
            pssAfterMiB: k.pssKb ? mib(k.pssKb) : null, peakPssMiB: mib(k.peakPssKb),
        })),
        scenario, peakTotalPssMiB: mib(memory.peakTotalKb), peakAt: memory.peakAt, serverPssMiB: serverPss ? mib(serverPss) : null,
        displayUpdates: counters,
    };
    fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 1));
    const over = results.notebooks.filter(k => k.peakRssMiB >= RSS_TARGET).map(k => `${path.basename(k.path, '.ipynb')} ${k.peakRssMiB}`);
    console.log(`# kernels at or over the ${RSS_TARGET} MiB target: ${over.length ? over.join(', ') : 'none'}`);
    console.log('memory (MiB): ' + results.notebooks.filter(k => k.peakRssMiB).map(k => `${path.basename(k.path, '.ipynb')} peak RSS ${k.peakRssMiB}, PSS ${k.peakPssMiB}`).join('; '));
}

async function raceMode(n) {
    const rel = env('FP_NOTEBOOKS').split(/\s+/).filter(Boolean)[0];
    const times = [];
    const hung = [];
    for (let i = 1; i <= n; i++) {
        let o;
        try { o = await open(rel); }
        catch (e) { hung.push(`#${i}: ${e.message}`); continue; }
        if (o.ready) times.push(o.readyMs);
        else {
            const model = await fetch(`${URL_}/api/kernels/${o.kernel.id}`, { headers: { Authorization: `token ${TOKEN}` } }).then(r => r.json()).catch(e => ({}));
            hung.push(`#${i}: status stayed '${o.kernel.status}' for ${READY_MS / 1000} s (received: ${o.received.join(' ') || 'nothing'}; server says ${model.execution_state})`);
        }
        const pid = kernelPid(o.kernel.id);
        await o.session.shutdown();
        if (pid) await waitGone(pid, 15000);
    }
    times.sort((a, b) => a - b);
    const q = p => times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))] : 0;
    check(`start race: every one of ${n} openings saw the kernel ready`, hung.length === 0,
        `${hung.length} of ${n} never saw 'idle'${hung.length ? ': ' + hung.slice(0, 5).join('; ') : ''}; time to idle median ${q(0.5)} ms, max ${times[times.length - 1] || 0} ms`);
    fs.writeFileSync(path.join(OUT, `race-${n}.json`), JSON.stringify({ n, hung, times }, null, 1));
}

(async () => {
    const mode = process.argv[2];
    try {
        if (mode === 'notebooks') await notebooksMode();
        else if (mode === 'race') await raceMode(Number(process.argv[3] || '30'));
        else { console.error('usage: node binder-session.js notebooks | race N'); process.exit(2); }
    } catch (e) {
        check(`${mode}: ran to the end`, false, e.stack);
    }
    console.log(`binder-session: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
})();
