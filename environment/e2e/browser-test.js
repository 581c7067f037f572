'use strict';
// The browser test: drives Debian's chromium (headless, through playwright-core) against a running
// Jupyter Notebook 6 (classic UI) and checks what a reader sees. Started by
// environment/tests.d/50-browser.sh, which starts Jupyter on a copy of notebooks/ and passes:
//   FEDPOISON_E2E_URL, FEDPOISON_E2E_TOKEN  the server and its token
//   FEDPOISON_E2E_TREE                      the copied notebooks directory (scratch notebooks go there)
//   FEDPOISON_E2E_SHOTS                     where the screenshots go
//   FEDPOISON_E2E_PROFILE                   a fresh chromium profile directory
//   FEDPOISON_E2E_BROWSER_HOME              HOME for chromium (crash-report settings, dconf)
//   FEDPOISON_CHROMIUM                      the browser (default /usr/bin/chromium)
// Ends with the line "browser: N passed, M failed"; exit status 0 only if nothing failed.

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const env = (name, fallback) => {
    const v = process.env[name] ?? fallback;
    if (v === undefined) { throw new Error(`${name} is not set (run environment/tests.d/50-browser.sh)`); }
    return v;
};
const BASE = env('FEDPOISON_E2E_URL');
const TOKEN = env('FEDPOISON_E2E_TOKEN');
const TREE = env('FEDPOISON_E2E_TREE');
const SHOTS = env('FEDPOISON_E2E_SHOTS');
const PROFILE = env('FEDPOISON_E2E_PROFILE');
const CHROMIUM = env('FEDPOISON_CHROMIUM', '/usr/bin/chromium');
// chromium writes crash-report settings and a dconf cache under HOME: give it its own
const BROWSER_HOME = env('FEDPOISON_E2E_BROWSER_HOME', path.join(path.dirname(PROFILE), 'chromium-home'));

const KERNEL_DISPLAY_NAME = 'Java (fedpoison)';
// The seven lines of the text's Output 35.4.1, as printed there.
const OUTPUT_35_4_1 = fs.readFileSync(path.join(__dirname, 'output-35.4.1.txt'), 'utf8')
    .replace(/\n+$/, '').split('\n');

const NOTEBOOKS = [
    { name: '00-start-here' },
    { name: '04-leverage', block: { title: 'Output 35.4.1', lines: OUTPUT_35_4_1 } },
];

// Bounds (milliseconds). The notebooks are meant to run in under a minute each on 2 cores;
// the bounds leave room for a machine busy with other builds.
const PAGE_LOAD_MS = 60_000;
const KERNEL_START_MS = 120_000;
const RUN_ALL_MS = 600_000;
const IMAGE_DECODE_MS = 30_000;
const INTERRUPT_MS = 60_000;
const LOOP_RUNNING_MS = 3_000;
// A progress display that prints a line per step instead of updating itself shows up as this.
const MAX_OUTPUT_LINES = 100;

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
    if (ok) { passed++; } else { failed++; }
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? ` — ${detail}` : ''}`);
    return ok;
}
const seconds = (t0) => ((Date.now() - t0) / 1000).toFixed(1);

async function launch() {
    return chromium.launchPersistentContext(PROFILE, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width: 1280, height: 900 },
        env: { ...process.env, HOME: BROWSER_HOME, XDG_CONFIG_HOME: path.join(BROWSER_HOME, '.config'),
            XDG_CACHE_HOME: path.join(BROWSER_HOME, '.cache') },
        timeout: 60_000,
    });
}

/** Waits until the page's kernel indicator shows idle; throws at once if it shows a dead kernel. */
async function waitKernelIdle(page, timeout) {
    const state = await page.waitForFunction(() => {
        const icon = document.querySelector('#kernel_indicator_icon');
        const cls = icon ? icon.className : '';
        if (/kernel_dead_icon|kernel_disconnected_icon/.test(cls)) { return 'dead'; }
        const dialog = [...document.querySelectorAll('.modal')].find((e) => e.classList.contains('in'));
        if (dialog) { return 'dialog: ' + dialog.innerText.replace(/\s+/g, ' ').trim().slice(0, 300); }
        return cls === 'kernel_idle_icon' ? 'idle' : false;
    }, null, { timeout, polling: 250 });
    const value = await state.jsonValue();
    if (value === 'dead') { throw new Error('the page shows the kernel dead or disconnected'); }
    if (value !== 'idle') { throw new Error(`the page shows a ${value}`); }
}

/** A visible modal dialog (e.g. "Kernel not found") is a failure; returns its text or ''. */
async function modalText(page) {
    return page.evaluate(() => {
        const m = [...document.querySelectorAll('.modal')].find((e) => e.offsetParent !== null || e.classList.contains('in'));
        return m ? m.innerText.replace(/\s+/g, ' ').trim() : '';
    });
}

async function openNotebook(page, file) {
    await page.goto(`${BASE}/notebooks/${encodeURIComponent(file)}?token=${TOKEN}`,
        { timeout: PAGE_LOAD_MS, waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#notebook-container .cell', { timeout: PAGE_LOAD_MS });
    await waitKernelIdle(page, KERNEL_START_MS);
}

/** Opens a top-level menu, then (optionally) a submenu, then clicks the item. */
async function menu(page, menuId, itemId, submenuId) {
    await page.click(`#${menuId}`);
    if (submenuId) { await page.hover(`#${submenuId} > a`); }
    await page.click(`#${itemId} > a`);
}

/** The code cells as the page shows them. */
async function codeCells(page) {
    return page.evaluate(() => [...document.querySelectorAll('#notebook-container .cell')]
        .map((cell, index) => ({ cell, index }))
        .filter(({ cell }) => cell.classList.contains('code_cell'))
        .map(({ cell, index }) => {
            const cm = cell.querySelector('.CodeMirror');
            const source = cm && cm.CodeMirror ? cm.CodeMirror.getValue() : '';
            const nbCell = window.Jupyter && Jupyter.notebook ? Jupyter.notebook.get_cell(index) : null;
            const tags = (nbCell && nbCell.metadata && nbCell.metadata.tags) || [];
            const prompt = (cell.querySelector('.input_prompt') || {}).textContent || '';
            const texts = [...cell.querySelectorAll('.output_area .output_text pre, .output_area .output_text')]
                .filter((e) => e.tagName === 'PRE').map((e) => e.textContent);
            return {
                index,
                prompt: prompt.replace(/\s+/g, ''),
                empty: source.trim() === '',
                head: source.split('\n')[0].slice(0, 60),
                tags,
                errors: [...cell.querySelectorAll('.output_error')].map((e) => e.textContent.slice(0, 300)),
                stderr: [...cell.querySelectorAll('.output_stderr')].map((e) => e.textContent.slice(0, 300)),
                texts,
            };
        }));
}

/** Run All from the Cell menu, after clearing every output from the same menu. */
async function runAllFromMenu(page) {
    await menu(page, 'celllink', 'clear_all_output', 'all_outputs');
    await page.waitForFunction(() => document.querySelectorAll('#notebook-container .output_area').length === 0,
        null, { timeout: 10_000 });
    await menu(page, 'celllink', 'run_all_cells');
    // Run All marks every code cell [*] at once; done = no [*] left and the kernel idle, twice in a row
    const done = () => page.waitForFunction(() => {
        const icon = document.querySelector('#kernel_indicator_icon');
        const cls = icon ? icon.className : '';
        if (/kernel_dead_icon/.test(cls)) { return 'dead'; }
        const running = [...document.querySelectorAll('.code_cell .input_prompt')].some((p) => p.textContent.includes('*'));
        const idle = cls === 'kernel_idle_icon';
        if (!running && idle) { return 'done'; }
        // cells still marked [*] while the kernel has been idle for long: the queue stalled
        if (!idle || !running) { window.fedpoisonIdleSince = undefined; return false; }
        window.fedpoisonIdleSince = window.fedpoisonIdleSince || Date.now();
        return Date.now() - window.fedpoisonIdleSince > 30000 ? 'stalled' : false;
    }, null, { timeout: RUN_ALL_MS, polling: 500 });
    for (let i = 0; i < 2; i++) {
        const state = await (await done()).jsonValue();
        if (state === 'dead') { throw new Error('the kernel died during Run All'); }
        if (state === 'stalled') { throw new Error('cells still wait ([*]) while the kernel has been idle for 30 s'); }
        await page.waitForTimeout(1000);
    }
}

/** Waits for every image in an output to finish loading; returns their natural sizes. */
async function outputImages(page) {
    await page.waitForFunction(() => [...document.querySelectorAll('.output_area img')].every((i) => i.complete),
        null, { timeout: IMAGE_DECODE_MS, polling: 250 });
    return page.evaluate(() => [...document.querySelectorAll('.output_area img')].map((img) => ({
        w: img.naturalWidth, h: img.naturalHeight,
        cell: [...document.querySelectorAll('#notebook-container .cell')].indexOf(img.closest('.cell')),
    })));
}

/** HTML tables in outputs, with the number of body rows (rows that hold <td> cells). */
async function outputTables(page) {
    return page.evaluate(() => [...document.querySelectorAll('.output_html table')].map((t) => ({
        rows: [...t.querySelectorAll('tr')].filter((r) => r.querySelector('td')).length,
        cell: [...document.querySelectorAll('#notebook-container .cell')].indexOf(t.closest('.cell')),
    })));
}

/** A full-length screenshot: the classic UI scrolls inside #site, so grow the window to the notebook. */
async function screenshot(page, name) {
    const height = await page.evaluate(() => {
        const header = document.querySelector('#header');
        const nb = document.querySelector('#notebook');
        return (header ? header.offsetHeight : 0) + (nb ? nb.scrollHeight : 0) + 40;
    });
    await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 900), 30_000) });
    await page.waitForTimeout(500);
    const file = path.join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 60_000 });
    await page.setViewportSize({ width: 1280, height: 900 });
    return file;
}

/** Whether `lines` occur, exactly and consecutively, as lines of `text`. */
function containsLines(text, lines) {
    const have = text.replace(/\r/g, '').split('\n');
    for (let i = 0; i + lines.length <= have.length; i++) {
        if (lines.every((l, j) => have[i + j] === l)) { return true; }
    }
    return false;
}

async function testNotebook(context, spec) {
    const file = `${spec.name}.ipynb`;
    const label = spec.name;
    if (!check(fs.existsSync(path.join(TREE, file)), `${label}: notebook exists`, fs.existsSync(path.join(TREE, file)) ? '' : `notebooks/${file} is missing`)) {
        return;
    }
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e.message || e).slice(0, 200)));
    const t0 = Date.now();
    try {
        await openNotebook(page, file);
        const modal = await modalText(page);
        check(modal === '', `${label}: opens with no dialog`, modal);
        const name = (await page.textContent('#kernel_indicator .kernel_indicator_name') || '').trim();
        check(name === KERNEL_DISPLAY_NAME, `${label}: page shows kernel "${KERNEL_DISPLAY_NAME}"`, name === KERNEL_DISPLAY_NAME ? '' : `shows "${name}"`);

        const tRun = Date.now();
        await runAllFromMenu(page);
        const runSeconds = seconds(tRun);
        const cells = await codeCells(page);
        const notRun = cells.filter((c) => !c.empty && !/^In\[\d+\]:$/.test(c.prompt));
        check(notRun.length === 0, `${label}: Cell → Run All ran every code cell (${cells.length} cells, ${runSeconds} s)`,
            notRun.map((c) => `cell ${c.index} prompt "${c.prompt}" (${c.head})`).join('; '));
        const errors = cells.filter((c) => c.errors.length > 0);
        check(errors.length === 0, `${label}: no error output`,
            errors.map((c) => `cell ${c.index} (${c.head}): ${c.errors[0]}`).join(' | '));
        const stderr = cells.filter((c) => c.stderr.length > 0 && !c.tags.includes('allow-stderr'));
        check(stderr.length === 0, `${label}: no stderr output`,
            stderr.map((c) => `cell ${c.index} (${c.head}): ${c.stderr[0]}`).join(' | '));

        const long = cells.map((c) => ({ ...c, lines: c.texts.join('\n').split('\n').length }))
            .filter((c) => c.lines > MAX_OUTPUT_LINES);
        check(long.length === 0, `${label}: no runaway text output (at most ${MAX_OUTPUT_LINES} lines a cell)`,
            long.map((c) => `cell ${c.index} (${c.head}) shows ${c.lines} lines`).join('; '));

        const images = await outputImages(page);
        const blank = images.filter((i) => !(i.w > 0 && i.h > 0));
        check(images.length > 0 && blank.length === 0,
            `${label}: charts decoded (${images.length} image(s): ${images.map((i) => `${i.w}x${i.h}`).join(', ')})`,
            images.length === 0 ? 'no image in any output' : blank.map((i) => `cell ${i.cell} image did not decode`).join('; '));
        const tables = await outputTables(page);
        const empty = tables.filter((t) => t.rows === 0);
        check(tables.length > 0 && empty.length === 0,
            `${label}: HTML tables with rows (${tables.length} table(s): ${tables.map((t) => t.rows).join(', ')} rows)`,
            tables.length === 0 ? 'no HTML table in any output' : empty.map((t) => `cell ${t.cell} table has no rows`).join('; '));

        if (spec.block) {
            const found = cells.some((c) => c.texts.some((t) => containsLines(t, spec.block.lines)));
            check(found, `${label}: shows the ${spec.block.title} block (${spec.block.lines.length} lines, exact)`,
                found ? '' : `not found; text outputs were:\n${cells.flatMap((c) => c.texts).join('\n---\n').slice(0, 1500)}`);
        }
        const after = await modalText(page);
        check(after === '', `${label}: no dialog after the run`, after);
        const shot = await screenshot(page, label);
        console.log(`     screenshot ${shot}`);
        if (pageErrors.length) { console.log(`     (page script errors, not counted: ${pageErrors.join(' | ')})`); }
    } catch (e) {
        check(false, `${label}: run in the browser`, String(e.message || e).split('\n')[0]);
        try { await screenshot(page, `${label}-failed`); } catch (_) { /* best effort */ }
    } finally {
        console.log(`     ${label}: ${seconds(t0)} s in the browser`);
        await page.close();
    }
}

/** A scratch notebook in the copy: a variable, an endless loop, a cell that uses the variable. */
function writeInterruptNotebook() {
    const code = (src) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: src });
    const nb = {
        nbformat: 4, nbformat_minor: 5,
        metadata: {
            kernelspec: { name: 'fedpoison', display_name: KERNEL_DISPLAY_NAME, language: 'java' },
            language_info: { name: 'java' },
        },
        cells: [
            code('int marker = 41;'),
            code('while (true) { }'),
            code('System.out.println("after the interrupt: " + (marker + 1));'),
        ].map((c, i) => ({ ...c, id: `e2e-${i}` })),
    };
    const file = 'e2e-interrupt.ipynb';
    fs.writeFileSync(path.join(TREE, file), JSON.stringify(nb, null, 1));
    return file;
}

async function testInterrupt(context) {
    const label = 'interrupt';
    const page = await context.newPage();
    const t0 = Date.now();
    const runButton = 'button[data-jupyter-action="jupyter-notebook:run-cell-and-select-next"]';
    const interruptButton = 'button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]';
    const prompt = (i) => page.evaluate((k) => document.querySelectorAll('#notebook-container .cell .input_prompt')[k].textContent.replace(/\s+/g, ''), i);
    try {
        await openNotebook(page, writeInterruptNotebook());
        await page.click('#notebook-container .cell:nth-child(1) .input_prompt');
        await page.click(runButton);                       // int marker = 41;  (selects the loop)
        await page.waitForFunction(() => /\[\d+\]/.test(document.querySelectorAll('.input_prompt')[0].textContent), null, { timeout: 60_000 });
        await waitKernelIdle(page, 30_000);
        await page.click(runButton);                       // while (true) { }  (selects the last cell)
        await page.waitForTimeout(LOOP_RUNNING_MS);
        const busy = await page.getAttribute('#kernel_indicator_icon', 'class');
        check((await prompt(1)) === 'In[*]:' && busy === 'kernel_busy_icon',
            `${label}: the endless cell is still running after ${LOOP_RUNNING_MS / 1000} s`, `prompt ${await prompt(1)}, indicator ${busy}`);
        const tInt = Date.now();
        await page.click(interruptButton);
        await page.waitForFunction(() => /\[\d+\]/.test(document.querySelectorAll('.input_prompt')[1].textContent), null, { timeout: INTERRUPT_MS });
        await waitKernelIdle(page, INTERRUPT_MS);
        check(true, `${label}: toolbar interrupt stopped the cell in ${seconds(tInt)} s`);
        await page.waitForFunction(() => !!document.querySelectorAll('#notebook-container .cell')[1].querySelector('.output_area'),
            null, { timeout: 5_000 }).catch(() => {});
        const shown = await page.evaluate(() => document.querySelectorAll('#notebook-container .cell')[1].querySelector('.output_area')?.innerText || '(no output)');
        console.log(`     the interrupted cell shows: ${shown.replace(/\s+/g, ' ').slice(0, 160)}`);
        await page.click(runButton);                       // the next cell, in the same kernel
        await page.waitForFunction(() => /\[\d+\]/.test(document.querySelectorAll('.input_prompt')[2].textContent), null, { timeout: 60_000 });
        await waitKernelIdle(page, 30_000);
        // the prompt number can arrive before the printed line; give the output a bounded moment
        await page.waitForFunction(() => (document.querySelectorAll('#notebook-container .cell')[2].querySelector('.output_area')?.innerText || '').trim() !== '',
            null, { timeout: 10_000 }).catch(() => {});
        const out = await page.evaluate(() => document.querySelectorAll('#notebook-container .cell')[2].querySelector('.output_area')?.innerText || '');
        check(out.trim() === 'after the interrupt: 42', `${label}: the kernel came back with its state (next cell prints "after the interrupt: 42")`, `shows "${out.trim()}"`);
        const shot = await screenshot(page, label);
        console.log(`     screenshot ${shot}`);
    } catch (e) {
        check(false, `${label}: interrupt from the toolbar`, String(e.message || e).split('\n')[0]);
        try { await screenshot(page, `${label}-failed`); } catch (_) { /* best effort */ }
    } finally {
        console.log(`     ${label}: ${seconds(t0)} s in the browser`);
        await page.close();
    }
}

function playwrightVersion() {
    try { return JSON.parse(fs.readFileSync(require.resolve('playwright-core').replace(/index\.js$/, 'package.json'), 'utf8')).version; } catch (_) { return '?'; }
}

(async () => {
    const t0 = Date.now();
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.mkdirSync(BROWSER_HOME, { recursive: true });
    let context;
    try {
        context = await launch();
        console.log(`browser: chromium ${context.browser() ? context.browser().version() : ''} (${CHROMIUM}), playwright-core ${playwrightVersion()}`);
        for (const spec of NOTEBOOKS) { await testNotebook(context, spec); }
        await testInterrupt(context);
    } catch (e) {
        check(false, 'browser session', String(e.message || e).split('\n')[0]);
    } finally {
        if (context) { await context.close().catch(() => {}); }
    }
    console.log(`browser: finished in ${seconds(t0)} s`);
    console.log(`browser: ${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
})();
