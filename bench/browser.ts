// `npm run bench:browser`: the lab's speed in Debian's headless Chromium, against the built app.
//
//   npm run bench:browser              all rows, fixed-width table (same format as `npm run bench`)
//   npm run -s bench:browser -- --json machine-readable rows on stdout
//
// Builds the app (`vite build` into a temp dir, so a concurrent `vite build` into dist/ by the e2e
// suite cannot race with it) and a blank page with the same Vite (the load baseline), serves both
// with `vite preview` on free ports, and drives /usr/bin/chromium through Playwright. Each row is
// measured in the same run as its baseline. Nothing is asserted: each row says ok / MISSED.
// See bench/README.md ("Browser").
//
// Page-side code is passed as strings: this file is type-checked with the Node libs (no DOM).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { type Row, row, fmtNum, median, printTable } from './table';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'container-lab-bench-browser-'));
const APP_DIST = path.join(WORK, 'app-dist');
const BLANK = path.join(WORK, 'blank-app');
const PROMPT = 'root@lab:~# ';
const CHROMIUM_ARGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];


/** nearest-rank percentile */
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let quiet = false;
const log = (s: string): void => {
  if (!quiet) process.stderr.write(s + '\n');
};

// ------------------------------------------------------------------ build and serve

function viteBuild(args: string[]): void {
  const r = spawnSync(process.execPath, [VITE, 'build', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

/** A blank page built with the same Vite: a module script that puts a marker element in the page. */
function buildBlank(): void {
  fs.mkdirSync(BLANK, { recursive: true });
  fs.writeFileSync(
    path.join(BLANK, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <link rel="icon" href="data:," />
    <title>Blank</title>
    <script type="module" src="/main.js"></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`,
  );
  fs.writeFileSync(
    path.join(BLANK, 'main.js'),
    `const m = document.createElement('div');
m.id = 'marker';
m.textContent = 'ready';
document.getElementById('root').append(m);
`,
  );
  // the app's build target; no plugins (there is nothing to transform)
  fs.writeFileSync(path.join(BLANK, 'vite.config.mjs'), `export default { build: { target: 'es2022' } };\n`);
  viteBuild([BLANK, '--logLevel', 'warn']);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const servers: ChildProcess[] = [];

async function preview(args: string[]): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [VITE, 'preview', ...args, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const t0 = performance.now();
  while (performance.now() - t0 < 20_000) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${out}`);
    try {
      const r = await fetch(url);
      if (r.ok) return url;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`vite preview did not answer on ${url}: ${out}`);
}

function stopServers(): void {
  for (const s of servers) if (s.exitCode === null && s.pid !== undefined) s.kill('SIGTERM');
}

// ------------------------------------------------------------------ page-side scripts

/** Init script: at every animation frame, look for the prompt in xterm's buffer; record performance.now(). */
const APP_LOADED_PROBE = `(() => {
  const tick = () => {
    const t = window.__labTerminal;
    if (t && window.__benchTerm === undefined) window.__benchTerm = performance.now();
    if (t) {
      const b = t.buffer.active;
      for (let i = 0; i < b.length; i++) {
        const l = b.getLine(i);
        if (l && l.translateToString(true).includes(${JSON.stringify(PROMPT.trimEnd())})) {
          window.__benchLoaded = performance.now();
          return;
        }
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** Init script for the blank page: the marker element laid out. */
const BLANK_LOADED_PROBE = `(() => {
  const tick = () => {
    const m = document.getElementById('marker');
    if (m && m.getBoundingClientRect().height > 0) {
      window.__benchLoaded = performance.now();
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/**
 * Init script for the keystroke row: wrap Worker to stamp when the page posts tty-input and when
 * tty-output arrives (the page's own code is not changed), to split the latency.
 */
const WORKER_STAMPS = `(() => {
  const W = window.Worker;
  window.__benchIo = { lastIn: 0, lastOut: 0 };
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => { if (e.data && e.data.type === 'tty-output') window.__benchIo.lastOut = performance.now(); });
    }
    postMessage(m, ...rest) {
      if (m && m.type === 'tty-input') window.__benchIo.lastIn = performance.now();
      return super.postMessage(m, ...rest);
    }
  };
})();`;

/** Evaluated in the machine's worker: stamp (epoch ms) each tty-input handled and each tty-output posted. */
const WORKER_SIDE_STAMPS = `(() => {
  const B = (self.__benchIo = { ins: [], outs: [] });
  const now = () => performance.timeOrigin + performance.now();
  self.addEventListener('message', (e) => { if (e.data && e.data.type === 'tty-input') B.ins.push(now()); });
  const post = self.postMessage.bind(self);
  self.postMessage = (m, ...rest) => { if (m && m.type === 'tty-output') B.outs.push(now()); return post(m, ...rest); };
  return true;
})()`;

/** Init script: every long task of the page's life, with its start time. */
const LONGTASK_PROBE = `(() => {
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__benchLongTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
})();`;

/**
 * Init script for the state-machine row: count animation frames while `__benchFrames.on` (and the
 * gaps longer than 1.5 frames), and sample how many tokens the panel has alive every 6th frame.
 */
const FRAME_PROBE = `(() => {
  const B = (window.__benchFrames = { on: false, n: 0, last: 0, missed: 0, tokensMax: 0 });
  const f = (ts) => {
    if (B.on) {
      B.n++;
      if (B.last) { const g = ts - B.last; if (g > 25) B.missed += Math.round(g / (1000 / 60)) - 1; }
      B.last = ts;
      if (B.n % 6 === 0) { const k = document.querySelectorAll('.st-token').length; if (k > B.tokensMax) B.tokensMax = k; }
    } else B.last = 0;
    requestAnimationFrame(f);
  };
  requestAnimationFrame(f);
})();`;

/** The state-machine panel's transition counts (sum over its arrows) and the virtual clock, in s. */
const STATES_SNAPSHOT = `(() => {
  let n = 0;
  for (const e of document.querySelectorAll('.st-edge')) n += Number(e.getAttribute('data-count') || 0);
  const c = (document.querySelector('[data-testid="virtual-clock"]')?.textContent || '').match(/(\\d+):(\\d+(?:\\.\\d+)?)/);
  return { transitions: n, tokens: document.querySelectorAll('.st-token').length, virtualS: c ? Number(c[1]) * 60 + Number(c[2]) : NaN };
})()`;

const CURSOR_LINE = `(() => {
  const t = window.__labTerminal;
  if (!t) return '';
  const b = t.buffer.active;
  const l = b.getLine(b.baseY + b.cursorY);
  return l ? l.translateToString(true) : '';
})()`;

const BUFFER_TEXT = `(() => {
  const t = window.__labTerminal;
  if (!t) return '';
  const b = t.buffer.active;
  const out = [];
  for (let i = 0; i < b.length; i++) out.push(b.getLine(i)?.translateToString(true) ?? '');
  return out.join('\\n');
})()`;

/**
 * Keystroke hook: a capture-phase keydown listener on window (the first script to see the key)
 * stamps t0; on every xterm onWriteParsed the cursor line is compared with the expected line,
 * and the first onRender after a match gives the paint time.
 */
const KEY_HOOK = `(() => {
  const t = window.__labTerminal;
  const B = (window.__benchKeys = { t0: 0, expect: null, pending: false, waitPaint: false, echo: [], paint: [], posted: [], received: [], abs: [] });
  const io = window.__benchIo;
  // control: a trivial echo Worker pinged from the same keydown (is the delay the page's or the machine's?)
  const echoWorker = new Worker(URL.createObjectURL(new Blob(['onmessage = (e) => postMessage(e.data)'], { type: 'text/javascript' })));
  echoWorker.onmessage = (e) => { if (B.measuring) B.control.push(performance.now() - e.data); };
  B.control = [];
  window.addEventListener('keydown', () => { B.t0 = performance.now(); B.pending = true; echoWorker.postMessage(B.t0); }, true);
  t.onWriteParsed(() => {
    if (!B.pending) return;
    const b = t.buffer.active;
    const l = b.getLine(b.baseY + b.cursorY);
    if ((l ? l.translateToString(true) : '') === B.expect) {
      B.pending = false;
      B.echo.push(performance.now() - B.t0);
      if (io) { B.posted.push(io.lastIn - B.t0); B.received.push(io.lastOut - B.t0); }
      B.abs.push(performance.timeOrigin + B.t0);
      B.waitPaint = true;
    }
  });
  t.onRender(() => {
    if (B.waitPaint) { B.waitPaint = false; B.paint.push(performance.now() - B.t0); }
  });
  return t.cols;
})()`;

// ------------------------------------------------------------------ driving the lab

async function cursorLine(page: Page): Promise<string> {
  return (await page.evaluate(CURSOR_LINE)) as string;
}

async function waitFor(what: string, cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (await cond()) return;
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Type a command, press Enter, wait until the cursor is on a fresh prompt again. */
async function command(page: Page, line: string, timeoutMs = 30_000): Promise<string> {
  const before = ((await page.evaluate(BUFFER_TEXT)) as string).length;
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await waitFor(`the prompt after '${line}'`, async () => (await cursorLine(page)) === PROMPT && ((await page.evaluate(BUFFER_TEXT)) as string).length > before + line.length, timeoutMs);
  const text = (await page.evaluate(BUFFER_TEXT)) as string;
  const i = text.lastIndexOf(PROMPT + line);
  const out = i < 0 ? '' : text.slice(i + PROMPT.length + line.length + 1);
  return out.slice(0, out.lastIndexOf(PROMPT.trimEnd())).replace(/\n+$/, '');
}

async function openApp(browser: Browser, url: string, probes: string[]): Promise<{ ctx: BrowserContext; page: Page; loadedMs: number }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  for (const p of probes) await ctx.addInitScript(p);
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction('window.__benchLoaded !== undefined', null, { timeout: 30_000, polling: 20 });
  const loadedMs = (await page.evaluate('window.__benchLoaded')) as number;
  return { ctx, page, loadedMs };
}

// ------------------------------------------------------------------ benchmarks

interface LoadResult {
  rows: Row[];
  /** .js paths (URL pathnames) requested before the prompt, and after it */
  jsBefore: Set<string>;
  jsAfter: Set<string>;
  workerPaths: Set<string>;
}

async function benchLoad(browser: Browser, appUrl: string, blankUrl: string): Promise<LoadResult> {
  const SAMPLES = 5;
  const app: number[] = [];
  const blank: number[] = [];
  const jsBefore = new Set<string>();
  const jsAfter = new Set<string>();
  const workerPaths = new Set<string>();
  const phases = { dcl: [] as number[], term: [] as number[], worker: [] as number[] };
  // one discarded warm-up of each (first renderer start, first use of the preview servers), then alternate
  for (let i = 0; i <= SAMPLES; i++) {
    for (const kind of ['blank', 'app'] as const) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      await ctx.addInitScript(kind === 'app' ? APP_LOADED_PROBE : BLANK_LOADED_PROBE);
      const page = await ctx.newPage();
      let loaded = false;
      if (kind === 'app' && i === 1) {
        page.on('request', (r) => {
          const p = new URL(r.url()).pathname;
          if (p.endsWith('.js')) (loaded ? jsAfter : jsBefore).add(p);
        });
        page.on('worker', (w) => workerPaths.add(new URL(w.url()).pathname));
      }
      await page.goto(kind === 'app' ? appUrl : blankUrl, { waitUntil: 'commit' });
      await page.waitForFunction('window.__benchLoaded !== undefined', null, { timeout: 30_000, polling: 20 });
      const ms = (await page.evaluate('window.__benchLoaded')) as number;
      loaded = true;
      if (kind === 'app' && i > 0) {
        const p = (await page.evaluate(`(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const w = performance.getEntriesByType('resource').find((e) => /\\/worker-[^/]*\\.js$/.test(e.name));
          return { dcl: nav ? nav.domContentLoadedEventEnd : -1, term: window.__benchTerm ?? -1, worker: w ? w.responseEnd : -1 };
        })()`)) as { dcl: number; term: number; worker: number };
        phases.dcl.push(p.dcl);
        phases.term.push(p.term);
        phases.worker.push(p.worker);
      }
      if (kind === 'app' && i === 1) await sleep(1000); // JS fetched after the prompt (lazy chunks)
      await ctx.close();
      if (i > 0) (kind === 'app' ? app : blank).push(ms);
    }
  }
  const a = median(app);
  const b = median(blank);
  const list = (xs: number[]): string => xs.map((x) => fmtNum(x)).join(' ');
  return {
    rows: [
      row('load-app', a, 'ms', '<=', 1000, `navigation -> '${PROMPT.trimEnd()}' in xterm's buffer (rAF poll); median of ${SAMPLES}, fresh context each: ${list(app)}; medians: DOMContentLoaded ${fmtNum(median(phases.dcl))}, terminal created ${fmtNum(median(phases.term))}, worker script fetched ${phases.worker.some((x) => x >= 0) ? fmtNum(median(phases.worker)) : 'n/a'}`, app),
      row('load-blank', b, 'ms', null, null, `blank Vite page (same vite) navigation -> marker laid out; median of ${SAMPLES}: ${list(blank)}`, blank),
      row('load-ratio', a / b, 'x', '<=', 1.5, 'load-app / load-blank (medians, same run, samples interleaved)'),
    ],
    jsBefore,
    jsAfter,
    workerPaths,
  };
}

function benchJs(load: LoadResult): Row[] {
  const gz = (p: string): number => zlib.gzipSync(fs.readFileSync(path.join(APP_DIST, p)), { level: 9 }).length;
  const initial = [...load.jsBefore].filter((p) => !load.workerPaths.has(p));
  const kb = (n: number): number => n / 1000;
  const total = initial.reduce((s, p) => s + gz(p), 0);
  const worker = [...load.workerPaths].filter((p) => fs.existsSync(path.join(APP_DIST, p)));
  const workerTotal = worker.reduce((s, p) => s + gz(p), 0);
  const later = [...load.jsAfter].filter((p) => !load.workerPaths.has(p));
  const names = (ps: string[]): string => ps.map((p) => `${path.basename(p)} ${fmtNum(kb(gz(p)))}`).join(', ');
  return [
    row('initial-js-gzip', kb(total), 'kB', '<=', 350,
      `gzip -9 of the dist/ files of the .js requests made before the prompt, worker excluded: ${names(initial) || 'none'}${later.length ? `; after the prompt: ${names(later)}` : ''}`),
    row('worker-js-gzip', kb(workerTotal), 'kB', null, null, `the machine's Web Worker chunk(s), gzip -9: ${names(worker) || 'none seen'}`),
  ];
}

async function benchKeystroke(browser: Browser, appUrl: string): Promise<Row[]> {
  const N = 500;
  const { ctx, page } = await openApp(browser, appUrl, [APP_LOADED_PROBE, WORKER_STAMPS]);
  try {
    await waitFor('the first prompt', async () => (await cursorLine(page)) === PROMPT, 10_000);
    const cols = (await page.evaluate(KEY_HOOK)) as number;
    for (const w of page.workers()) await w.evaluate(WORKER_SIDE_STAMPS);
    const batch = Math.max(5, Math.min(20, cols - PROMPT.length - 2));
    const KEYS = 60;
    const idle = await typeKeys(page, KEYS, batch);
    const t0 = performance.now();
    await command(page, `for i in $(seq ${N}); do sleep 1000 & done`, 120_000);
    const startMs = performance.now() - t0;
    const count = Number((await command(page, 'pgrep -c sleep')).trim().split('\n').pop());
    const loaded = await typeKeys(page, KEYS, batch);
    const p95 = percentile(loaded.echo, 95);
    const split = (k: Keys): string =>
      `split (medians, ms after keydown): input posted ${fmtNum(median(k.posted))}, handled in the worker ${k.workerIn?.length ? fmtNum(median(k.workerIn)) : 'n/a'}, echo posted by the worker ${k.workerOut?.length ? fmtNum(median(k.workerOut)) : 'n/a'}, tty-output received ${fmtNum(median(k.received))}, parsed ${fmtNum(median(k.echo))}, rendered ${k.paint.length ? fmtNum(median(k.paint)) : 'n/a'}; a trivial echo Worker pinged at keydown answers in ${k.control.length ? fmtNum(median(k.control)) : 'n/a'} (p95 ${k.control.length ? fmtNum(percentile(k.control, 95)) : 'n/a'})`;
    return [
      row('keystroke-echo-p95', p95, 'ms', '<=', 16,
        `${loaded.echo.length} keys, keydown (capture listener) -> char in xterm's buffer (onWriteParsed), ${Number.isFinite(count) ? count : '?'} sleepers (pgrep -c sleep, started in ${fmtNum(startMs / 1000)} s); median ${fmtNum(median(loaded.echo))}, max ${fmtNum(Math.max(...loaded.echo))}; to xterm's next render p95 ${loaded.paint.length ? fmtNum(percentile(loaded.paint, 95)) : 'n/a'}; ${split(loaded)}`,
        loaded.echo),
      row('keystroke-echo-p95-idle', percentile(idle.echo, 95), 'ms', null, null,
        `baseline, same page before the sleepers: ${idle.echo.length} keys; median ${fmtNum(median(idle.echo))}; render p95 ${idle.paint.length ? fmtNum(percentile(idle.paint, 95)) : 'n/a'}; ${split(idle)}`,
        idle.echo),
    ];
  } finally {
    await ctx.close();
  }
}

interface Keys {
  echo: number[];
  paint: number[];
  posted: number[];
  received: number[];
  workerIn?: number[];
  workerOut?: number[];
  /** round trips of the trivial echo Worker pinged at keydown */
  control: number[];
}

/** Type `n` letters one at a time (lines of `batch`, killed with ^U); the KEY_HOOK's samples. */
async function typeKeys(page: Page, n: number, batch: number): Promise<Keys> {
  await page.evaluate('(() => { const B = window.__benchKeys; B.echo = []; B.paint = []; B.posted = []; B.received = []; B.abs = []; B.control = []; B.measuring = true; })()');
  const worker = page.workers()[0];
  if (worker) await worker.evaluate('self.__benchIo ? (self.__benchIo.ins = [], self.__benchIo.outs = []) : 0');
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let typed = '';
  await page.locator('.xterm-helper-textarea').focus();
  for (let k = 0; k < n; k++) {
    if (typed.length === batch) {
      await page.keyboard.press('Control+U');
      await waitFor('the line to be killed (^U)', async () => (await cursorLine(page)) === PROMPT, 5_000);
      typed = '';
    }
    const ch = letters[k % letters.length]!;
    typed += ch;
    await page.evaluate(`window.__benchKeys.expect = ${JSON.stringify(PROMPT + typed)}`);
    await page.keyboard.press(ch);
    await page.waitForFunction(`window.__benchKeys.echo.length === ${k + 1}`, null, { timeout: 5_000, polling: 10 });
    await sleep(40); // let the paint happen and the machine settle before the next key
  }
  await page.keyboard.press('Control+U');
  await waitFor('the line to be killed (^U)', async () => (await cursorLine(page)) === PROMPT, 5_000);
  const k = (await page.evaluate('(() => { const B = window.__benchKeys; B.measuring = false; return { echo: B.echo, paint: B.paint, posted: B.posted, received: B.received, abs: B.abs, control: B.control }; })()')) as Keys & { abs: number[] };
  // worker side: keydown -> tty-input handled by the worker, and -> the echo's tty-output posted
  const w = worker ? ((await worker.evaluate('self.__benchIo ?? null')) as { ins: number[]; outs: number[] } | null) : null;
  k.workerIn = [];
  k.workerOut = [];
  if (w) {
    for (const t of k.abs) {
      const i = w.ins.find((x) => x >= t);
      const o = i === undefined ? undefined : w.outs.find((x) => x >= i);
      if (i !== undefined) k.workerIn.push(i - t);
      if (o !== undefined) k.workerOut.push(o - t);
    }
  }
  return k;
}

/**
 * Baseline for the keystroke row: the blank page with a focused <textarea> (what xterm types
 * into) and a trivial echo Worker pinged from a capture keydown listener: the round trip is the
 * floor the browser itself puts under "keydown -> worker -> page".
 */
async function benchKeystrokeFloor(browser: Browser, blankUrl: string): Promise<Row[]> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    await ctx.addInitScript(BLANK_LOADED_PROBE);
    const page = await ctx.newPage();
    await page.goto(blankUrl, { waitUntil: 'commit' });
    await page.waitForFunction('window.__benchLoaded !== undefined', null, { timeout: 30_000, polling: 20 });
    await page.evaluate(`(() => {
      const ta = document.createElement('textarea');
      ta.id = 'bench-ta';
      document.body.append(ta);
      const w = new Worker(URL.createObjectURL(new Blob(['onmessage = (e) => postMessage(e.data)'], { type: 'text/javascript' })));
      const R = (window.__benchFloor = []);
      w.onmessage = (e) => R.push(performance.now() - e.data);
      window.addEventListener('keydown', () => w.postMessage(performance.now()), true);
    })()`);
    await page.locator('#bench-ta').focus();
    const KEYS = 60;
    for (let k = 0; k < KEYS; k++) {
      await page.keyboard.press('abcdefghijklmnopqrstuvwxyz'[k % 26]!);
      await page.waitForFunction(`window.__benchFloor.length === ${k + 1}`, null, { timeout: 5_000, polling: 10 });
      await sleep(40);
    }
    const rtt = (await page.evaluate('window.__benchFloor')) as number[];
    return [
      row('keystroke-floor-p95', percentile(rtt, 95), 'ms', null, null,
        `baseline: blank page, focused <textarea>, keydown -> trivial echo Worker -> page, ${rtt.length} keys; median ${fmtNum(median(rtt))}`, rtt),
    ];
  } finally {
    await ctx.close();
  }
}

async function benchLongTasks(browser: Browser, appUrl: string): Promise<Row[]> {
  const N = 200;
  const WINDOW_MS = 10_000;
  const { ctx, page } = await openApp(browser, appUrl, [APP_LOADED_PROBE, LONGTASK_PROBE]);
  try {
    await waitFor('the first prompt', async () => (await cursorLine(page)) === PROMPT, 10_000);
    const panelOpen = await page.locator('.proc-table').isVisible();
    await page.locator('.xterm-helper-textarea').focus();
    const line = `stress --cpu ${N}`;
    const tStart = (await page.evaluate('performance.now()')) as number;
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await waitFor(`'${line}' to dispatch its hogs`, async () => ((await page.evaluate(BUFFER_TEXT)) as string).includes('dispatching hogs'), 30_000);
    // the burners are forked: wait until the panel shows them running
    await sleep(1000);
    const t0 = (await page.evaluate('performance.now()')) as number;
    await sleep(WINDOW_MS);
    const t1 = (await page.evaluate('performance.now()')) as number;
    const rCount = await page.locator('.proc-table tr[data-state="R"]').count();
    const rows = await page.locator('.proc-table tr[data-pid]').count();
    const counts = ((await page.getByTestId('proc-counts').textContent()) ?? '').trim();
    const load = ((await page.getByTestId('loadavg').textContent()) ?? '').trim();
    const all = (await page.evaluate('window.__benchLongTasks')) as { start: number; duration: number }[];
    await page.keyboard.press('Control+C');
    const during = all.filter((e) => e.start >= t0 && e.start < t1);
    const starting = all.filter((e) => e.start >= tStart && e.start < t0);
    const longest = during.reduce((m, e) => Math.max(m, e.duration), 0);
    const longestStart = starting.reduce((m, e) => Math.max(m, e.duration), 0);
    return [
      row('longtasks-burners', during.length, 'tasks', '<=', 0,
        `long tasks (>50 ms, PerformanceObserver) in ${fmtNum((t1 - t0) / 1000)} s with '${line}' running, panel ${panelOpen ? 'open' : 'CLOSED'} (${rows} rows, ${rCount} R; ${counts}; ${load}); longest ${fmtNum(longest)} ms; while starting it: ${starting.length} (longest ${fmtNum(longestStart)} ms)`,
        during.map((e) => e.duration)),
    ];
  } finally {
    await ctx.close();
  }
}

/**
 * The state-machine panel under load: three shell loops of `sleep 0.02` make about 1 000 task
 * state transitions per virtual second (measured headless: fork, exec, sleep, wake, exit, reap,
 * and the loop's own wait); at 1x that is ~1 000/s of wall time. For 10 s of wall time: the
 * longest main-thread task, animation frames rendered against the 600 a 60 Hz display shows, and
 * frames dropped (rAF gaps). The note gives the transitions the panel counted per second. Then
 * the baseline: the same loops for another 10 s with the panel hidden (unmounted).
 */
async function benchStatesPanel(browser: Browser, appUrl: string): Promise<Row[]> {
  const WINDOW_MS = 10_000;
  const EXPECTED = (WINDOW_MS / 1000) * 60;
  const LOOP = 'for i in 1 2 3; do while true; do sleep 0.02; done & done';
  const { ctx, page } = await openApp(browser, appUrl, [APP_LOADED_PROBE, LONGTASK_PROBE, FRAME_PROBE]);
  type Snap = { transitions: number; virtualS: number };
  const measure = async () => {
    const a = (await page.evaluate(STATES_SNAPSHOT)) as Snap;
    await page.evaluate('(() => { const B = window.__benchFrames; B.n = 0; B.missed = 0; B.last = 0; B.tokensMax = 0; B.on = true; })()');
    const t0 = (await page.evaluate('performance.now()')) as number;
    await sleep(WINDOW_MS);
    const t1 = (await page.evaluate('performance.now()')) as number;
    const f = (await page.evaluate('(() => { const B = window.__benchFrames; B.on = false; return { n: B.n, missed: B.missed, tokensMax: B.tokensMax }; })()')) as { n: number; missed: number; tokensMax: number };
    const b = (await page.evaluate(STATES_SNAPSHOT)) as Snap;
    const all = (await page.evaluate('window.__benchLongTasks')) as { start: number; duration: number }[];
    const wallS = (t1 - t0) / 1000;
    const during = all.filter((e) => e.start >= t0 && e.start < t1);
    return {
      wallS,
      during,
      longest: during.reduce((m, e) => Math.max(m, e.duration), 0),
      /** frames per 10 s */
      frames: (f.n * (WINDOW_MS / 1000)) / Math.max(1e-9, wallS),
      missed: f.missed,
      tokensMax: f.tokensMax,
      n: b.transitions - a.transitions,
      total: b.transitions,
      vS: b.virtualS - a.virtualS,
    };
  };
  try {
    await waitFor('the first prompt', async () => (await cursorLine(page)) === PROMPT, 10_000);
    if (!(await page.locator('.st-panel').isVisible())) {
      return [row('states-panel', null, '', null, null, 'n/a: the task-state panel (.st-panel) is not shown in the app')];
    }
    await command(page, LOOP);
    await sleep(1500); // the loops get going
    const on = await measure();
    await page.getByTestId('pane-states').getByRole('button', { name: /^Hide / }).click();
    await waitFor('the panel to be hidden', async () => (await page.locator('.st-panel').count()) === 0, 5_000);
    await sleep(500);
    const off = await measure();
    await page.locator('.xterm-helper-textarea').focus();
    await command(page, 'kill %1 %2 %3', 10_000).catch(() => '');
    const rate = `${fmtNum(on.n / on.wallS)} transitions/s wall (${on.vS > 0 ? fmtNum(on.n / on.vS) : '?'}/s virtual) counted by the panel (${fmtNum(on.total)} since it opened)`;
    const host = `host load average ${os.loadavg()[0]!.toFixed(2)}`;
    return [
      row('states-longest-task', on.longest, 'ms', '<=', 50,
        `'${LOOP}', panel shown, ${fmtNum(on.wallS)} s: longest main-thread task (PerformanceObserver longtask; 0 = none over 50 ms), ${on.during.length} long tasks; ${rate}; at most ${on.tokensMax} tokens alive (sampled every 6th frame); ${host}`,
        on.during.map((e) => e.duration)),
      row('states-frames', on.frames, 'frames', '>=', EXPECTED * 0.95,
        `requestAnimationFrame callbacks in the ${fmtNum(on.wallS)} s window, per 10 s, of ${EXPECTED} at 60 Hz`),
      row('states-frames-dropped', Math.max(on.missed, EXPECTED - on.frames), 'frames', '<=', EXPECTED * 0.05,
        `max(frames missed in rAF gaps > 25 ms: ${on.missed}, ${EXPECTED} - frames rendered)`),
      row('states-hidden-longest-task', off.longest, 'ms', null, null,
        `baseline: the same loops, next ${fmtNum(off.wallS)} s with the panel hidden (unmounted: no trace subscription): ${off.during.length} long tasks`,
        off.during.map((e) => e.duration)),
      row('states-hidden-frames', off.frames, 'frames', null, null,
        `baseline: frames per 10 s with the panel hidden, of ${EXPECTED}; ${off.missed} missed in rAF gaps`),
    ];
  } finally {
    await ctx.close();
  }
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  quiet = json;
  const STEPS = ['load', 'initial-js', 'keystroke', 'longtasks', 'states'];
  let only: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') {
      console.log(`usage: npm run bench:browser -- [--json] [--only ${STEPS.join('|')}]`);
      return;
    }
    if (a === '--only' && STEPS.includes(argv[i + 1] ?? '')) only = argv[++i]!;
    else if (a !== '--json') {
      console.error(`bench:browser: unknown argument '${a}'`);
      process.exit(2);
    }
  }
  const T0 = performance.now();
  const rows: Row[] = [];
  let browser: Browser | null = null;
  try {
    log('building the app and the blank page...');
    viteBuild(['--outDir', APP_DIST, '--emptyOutDir', '--logLevel', 'warn']);
    buildBlank();
    const [appUrl, blankUrl] = await Promise.all([preview(['--outDir', APP_DIST]), preview([BLANK])]);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const version = browser.version();

    const step = async (name: string, f: () => Promise<Row[]>): Promise<void> => {
      // initial-js needs the load step's requests
      if (only !== null && name !== only && !(only === 'initial-js' && name === 'load')) return;
      log(`running ${name}...`);
      const b0 = performance.now();
      try {
        rows.push(...(await f()));
      } catch (e) {
        console.error(e);
        rows.push({ name, value: null, unit: '', target: '-', ok: false, note: `FAILED: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` });
      }
      log(`  ${name}: ${fmtNum((performance.now() - b0) / 1000)} s`);
    };
    let load: LoadResult | null = null;
    await step('load', async () => {
      load = await benchLoad(browser!, appUrl, blankUrl);
      return load.rows;
    });
    await step('initial-js', async () => {
      if (!load) throw new Error('needs the load benchmark');
      return benchJs(load);
    });
    await step('keystroke', async () => [...(await benchKeystroke(browser!, appUrl)), ...(await benchKeystrokeFloor(browser!, blankUrl))]);
    await step('longtasks', () => benchLongTasks(browser!, appUrl));
    await step('states', () => benchStatesPanel(browser!, appUrl));

    const total = (performance.now() - T0) / 1000;
    const la = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    if (json) {
      console.log(JSON.stringify({ node: process.version, chromium: version, hostCpus: os.cpus().length, hostLoadavg: os.loadavg(), totalSeconds: total, rows }, null, 2));
    } else {
      printTable(rows);
      console.log(`\n${rows.filter((r) => r.ok === false).length} missed of ${rows.filter((r) => r.ok !== null).length} with targets; total ${fmtNum(total)} s; chromium ${version} headless; host ${os.cpus().length} CPUs, load average ${la}`);
    }
  } finally {
    if (browser) await browser.close();
    stopServers();
    fs.rmSync(WORK, { recursive: true, force: true });
  }
}

process.on('exit', stopServers);
main().catch((e: unknown) => {
  console.error(e);
  stopServers();
  process.exit(1);
});
