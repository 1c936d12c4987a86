// `npm run bench`: speed and memory of the simulated kernel, measured from the host.
//
//   npm run bench                     all rows, fixed-width table
//   npm run bench -- --only NAME      only the rows whose name contains NAME (repeatable)
//   npm run bench -- --json           machine-readable rows on stdout
//
// Timings are never asserted: each row says "ok" or "MISSED" against its target. See bench/README.md.
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Machine, type MachineOptions } from '../src/machine/machine';
import type { BuiltinProgram } from '../src/userland/lib/registry';
import { benchPrograms } from './programs';
import { Replayer, ScreenHistory, applyInput, pointOf } from '../src/machine/replay';
import type { LogEntry, LogInput } from '../src/machine/session-record';
import { type Row, row, fmtNum, median, printTable } from './table';

/** programs installed besides the bench programs (--preview-ps) */
const extraInstalled: BuiltinProgram[] = [];
let psPreview = false;

// ------------------------------------------------------------------ rows


const min = (xs: number[]): number => Math.min(...xs);
const max = (xs: number[]): number => Math.max(...xs);

// ------------------------------------------------------------------ driving a machine (as headless.ts does)

/** Run all events due at the current virtual time. */
function settle(m: Machine): void {
  for (let i = 0; i < 1000; i++) {
    if (m.nextEventTime() > m.now) return;
    m.runUntil(m.now, 100_000);
  }
}

/** Advance until `ready()` holds when the machine is settled, or the virtual deadline passes. */
function advanceUntil(m: Machine, ready: () => boolean, deadline: number, onChunk?: () => void): boolean {
  for (;;) {
    settle(m);
    onChunk?.();
    if (ready()) return true;
    const next = m.nextEventTime();
    if (next > deadline) {
      if (Number.isFinite(deadline)) m.runUntil(deadline);
      return false;
    }
    if (!Number.isFinite(next)) return false;
    m.runUntil(next, 100_000);
  }
}

const VIRTUAL_BUDGET_NS = 3600e9;

function boot(opts: MachineOptions = {}): Machine {
  const m = new Machine({ ...opts, extraPrograms: [...benchPrograms, ...extraInstalled] });
  if (!advanceUntil(m, () => m.consoleReaderWaiting(), VIRTUAL_BUDGET_NS)) throw new Error('machine did not reach a prompt');
  return m;
}

/** Collects console output as text (for sanity checks of what a command printed). */
function capture(m: Machine): { text: () => string; clear: () => void } {
  let chunks: Uint8Array[] = [];
  m.onOutput((b) => chunks.push(b));
  const dec = new TextDecoder();
  return {
    text: () => chunks.map((c) => dec.decode(c, { stream: true })).join(''),
    clear: () => {
      chunks = [];
    },
  };
}

/** Type `line` at the prompt and run until the prompt is back. Returns wall ms. */
function command(m: Machine, line: string, onChunk?: () => void): number {
  if (!m.consoleReaderWaiting()) throw new Error(`no prompt before '${line}'`);
  const t0 = performance.now();
  m.input(line + '\r');
  const ok = advanceUntil(m, () => m.consoleReaderWaiting(), m.now + VIRTUAL_BUDGET_NS, onChunk);
  const t1 = performance.now();
  if (!ok) throw new Error(`'${line}' did not return to the prompt`);
  return t1 - t0;
}

// ------------------------------------------------------------------ memory helpers

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// ------------------------------------------------------------------ benchmarks

type Bench = { name: string; run: () => Row[] };

function benchBoot(): Row[] {
  // the first boot of the process: modules just loaded, cold JIT
  const c0 = performance.now();
  boot();
  const cold = performance.now() - c0;
  for (let i = 0; i < 5; i++) boot(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    boot();
    samples.push(performance.now() - t0);
  }
  return [
    row('boot', median(samples), 'ms', '<=', 20, `median of 9 warm boots (after 5 warm-up); min ${fmtNum(min(samples))}`, samples),
    row('boot-cold', cold, 'ms', null, null, 'first boot in this process (cold JIT)'),
  ];
}

function benchForkWait(): Row[] {
  const m = boot();
  const out = capture(m);
  // warm-up (JIT) and calibration
  command(m, 'bench-forkwait 2000');
  const base: number[] = [];
  for (let i = 0; i < 5; i++) base.push(command(m, 'bench-forkwait 0'));
  const n = 10_000;
  const rates: number[] = [];
  for (let i = 0; i < 7; i++) {
    const ms = command(m, `bench-forkwait ${n}`) - min(base);
    rates.push(n / (ms / 1000));
  }
  const errs = out.text().includes('bench-forkwait:');
  return [
    row('fork-wait', max(rates), 'lifecycles/s', '>=', 50_000,
      `best of 7 runs of ${n} fork+exit+wait4 (median ${fmtNum(median(rates))}; the empty command's ${fmtNum(min(base))} ms subtracted)${errs ? '; FORK ERRORS' : ''}`, rates),
  ];
}

function benchBurners(): Row[] {
  const VSEC = 60;
  const speedups: number[] = [];
  let spreadNote = '';
  let spread = 0;
  for (let run = 0; run < 5; run++) {
    const m = boot({ cpus: 4 });
    m.input('bench-burners 200\r');
    settle(m);
    const v0 = m.now;
    const t0 = performance.now();
    m.runUntil(v0 + VSEC * 1e9);
    const wall = (performance.now() - t0) / 1000;
    speedups.push((m.now - v0) / 1e9 / wall);
    if (run === 0) {
      const burners = [...m.k.allTasks()].filter((t) => t.alive && t.comm === 'bench-burners' && t.children.size === 0);
      const ut = burners.map((t) => t.utimeNs / 1e9);
      const busy = m.k.sched.cpus.map((c) => (c.userNs + c.sysNs) / 1e9);
      spread = min(ut) / max(ut);
      spreadNote = `${burners.length} burners: utime min ${fmtNum(min(ut))} s, median ${fmtNum(median(ut))} s, max ${fmtNum(max(ut))} s (ideal ${fmtNum((4 * VSEC) / 200)} s); CPU busy ${busy.map(fmtNum).join('/')} s`;
    }
  }
  return [
    row('burners-speedup', max(speedups), 'x', '>=', 100, `200 burners, 4 vCPUs, ${VSEC} s virtual; best of 5 machines (median ${fmtNum(median(speedups))}x)`, speedups),
    row('burners-fairness', spread, 'min/max', '>=', 0.9, spreadNote),
  ];
}

/** 200 burners in 20 cpu cgroups on 4 vCPUs, with quotas (15 % each: 3 of 4 CPUs) and without. */
function benchCgroupBurners(): Row[] {
  const VSEC = 60;
  const run = (quotaUs: number): { speed: number; note: string } => {
    const speeds: number[] = [];
    let note = '';
    for (let r = 0; r < 3; r++) {
      const m = boot({ cpus: 4 });
      m.input(`bench-cgburners 200 20 ${quotaUs}\r`);
      settle(m);
      const v0 = m.now;
      const t0 = performance.now();
      m.runUntil(v0 + VSEC * 1e9);
      const wall = (performance.now() - t0) / 1000;
      speeds.push((m.now - v0) / 1e9 / wall);
      if (r === 0) {
        const busy = m.k.sched.cpus.map((c) => (c.userNs + c.sysNs) / 1e9);
        const g0 = m.k.cgroups.rootOf('cpu')!.root.children.get('bench')?.children.get('g0')?.cpu;
        note = `CPU busy ${busy.map(fmtNum).join('/')} s; g0 nr_periods ${g0?.nrPeriods ?? '?'}, nr_throttled ${g0?.nrThrottled ?? '?'}`;
      }
    }
    return { speed: max(speeds), note: `best of 3 (median ${fmtNum(median(speeds))}x); ${note}` };
  };
  const q = run(15000);
  const nq = run(-1);
  return [
    row('cg-burners-quota', q.speed, 'x', '>=', 100, `200 burners in 20 cgroups with quota 15000/100000, 4 vCPUs, 60 s virtual; ${q.note}`),
    row('cg-burners-noquota', nq.speed, 'x', '>=', 100, `same without quotas (bandwidth control costs ${fmtNum((1 - q.speed / nq.speed) * 100)} %); ${nq.note}`),
  ];
}

/** An overlay of 20 lowers x 2 000 files: `ls -R` of the merged view and a 1 000-file copy-up burst. */
function benchOverlay(): Row[] {
  const lsR: number[] = [];
  const burst: number[] = [];
  let note = '';
  for (let r = 0; r < 3; r++) {
    const m = boot({});
    command(m, 'bench-ovl-setup 20 2000');
    const out = capture(m);
    lsR.push(command(m, 'ls -R /tmp/ovl/m > /dev/null') - command(m, 'true'));
    burst.push(command(m, 'bench-ovl-copyup 1000') - command(m, 'true'));
    if (r === 0) {
      command(m, 'ls /tmp/ovl/u/d0 | wc -l; ls -R /tmp/ovl/m | wc -l');
      note = out.text().replace(/\r/g, '').split('\n').filter((l) => /^\d+$/.test(l.trim())).join(' / ');
    }
  }
  return [
    row('ovl-ls-R', min(lsR), 'ms', '<=', 50, `ls -R of an overlay with 20 lowers x 2000 files; best of 3 (median ${fmtNum(median(lsR))}); upper d0 entries / ls -R lines after the burst: ${note}`, lsR),
    row('ovl-copyup-1000', min(burst), 'ms', '<=', 50, `1 000 appends to lower files through the merged view (1 000 copy-ups); best of 3 (median ${fmtNum(median(burst))})`, burst),
  ];
}

/** 1 000 sleeping tasks: memory per task, then `ps aux` over them. */
function benchSleepers(): Row[] {
  const rows: Row[] = [];
  const N = 1000;
  const m = boot();
  const out = capture(m);
  command(m, 'true');
  const h0 = heapUsed();
  const threads0 = m.k.nrThreads;
  const forkMs = command(m, `bench-sleepers ${N}`);
  const h1 = heapUsed();
  const made = m.k.nrThreads - threads0;
  rows.push(row('mem-per-task', (h1 - h0) / made / 1024, 'KiB', null, null,
    `JS heap delta (after gc) / ${made} tasks sleeping in nanosleep; forking them took ${fmtNum(forkMs)} ms wall`));
  if (made !== N) rows[0]!.note += `; EXPECTED ${N} (output: ${out.text().slice(-200)})`;

  if (!m.k.builtins.has('ps')) {
    rows.push({ ...row('ps-aux-1000', null, 'ms', '<=', 5, 'n/a (ps not installed)'), ok: null });
    return rows;
  }
  out.clear();
  command(m, 'ps aux'); // warm-up
  const lines = out.text().split('\n').length;
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) samples.push(command(m, 'ps aux'));
  const ok = lines > N;
  const preview = psPreview ? 'PREVIEW (--preview-ps: ps.ts installed by the bench, not by the machine); ' : '';
  rows.push(row('ps-aux-1000', median(samples), 'ms', '<=', 5,
    `${preview}median of 5 (after 1 warm-up), typed 'ps aux' to prompt back; ${lines} output lines${ok ? '' : ' (EXPECTED > 1000: ps failed?)'}`, samples));
  return rows;
}

function benchForkBomb(): Row[] {
  const TOTAL = 4096;
  const samples: number[] = [];
  let peakHeap = 0;
  let note = '';
  const RUNS = 5;
  for (let run = 0; run <= RUNS; run++) {
    const m = boot();
    const out = capture(m);
    const base = m.k.nrThreads;
    const sample = run === RUNS; // last run: sample the heap (costs time, so not timed)
    let peakThreads = 0;
    const onChunk = (): void => {
      if (m.k.nrThreads > peakThreads) peakThreads = m.k.nrThreads;
      if (sample) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    };
    const h0 = sample ? heapUsed() : 0;
    const t0 = performance.now();
    command(m, `bench-forkbomb ${TOTAL}`, onChunk);
    // init reaps the orphans: wait until only the boot-time tasks are left
    const clean = advanceUntil(m, () => m.k.nrThreads <= base, m.now + 600e9, onChunk);
    const ms = performance.now() - t0;
    if (!sample) samples.push(ms);
    else {
      peakHeap -= h0;
      note = `peak JS heap +${fmtNum(peakHeap / 2 ** 20)} MiB over the idle machine (sampled run)`;
    }
    if (!out.text().includes(`peak nr_threads ${TOTAL}`) || !clean) {
      note += `; DID NOT REACH ${TOTAL} OR CLEAN UP (peak ${peakThreads}, left ${m.k.nrThreads}, output ${JSON.stringify(out.text().slice(-120))})`;
    }
  }
  return [
    row('forkbomb-4096', min(samples), 'ms', '<=', 200, `best of ${RUNS} (median ${fmtNum(median(samples))}): fork to ${TOTAL} tasks, SIGKILL the group, all reaped`, samples),
    row('forkbomb-peak-heap', peakHeap / 2 ** 20, 'MiB', null, null, note.replace(/^; /, '')),
  ];
}

function benchIdle(): Row[] {
  const speeds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const m = boot();
    const v0 = m.now;
    const ms = command(m, 'sleep 1000');
    speeds.push((m.now - v0) / 1e9 / (ms / 1000));
  }
  return [row('idle-speed', median(speeds), 'vs/s', null, null, "virtual s per wall s while the shell runs 'sleep 1000'; median of 3", speeds)];
}


/**
 * Replay of a recorded 10-minute session (ARCHITECTURE.md §3: rewind, reload and share links
 * rebuild the machine by replaying its input log). The session: 200 background processes (100
 * sleepers, 100 loops waking every 5 s), then a person typing a command keystroke by keystroke
 * every ~10 s of virtual time for 10 minutes. Recorded as the host records (input + the point of
 * history it arrived at), then replayed on a fresh machine as a rewind would.
 */
function benchReplay(): Row[] {
  const opts = { extraPrograms: [...benchPrograms, ...extraInstalled] };
  const live = new Machine(opts);
  const liveScreens = new ScreenHistory();
  live.onOutput((b, id) => liveScreens.add(id, b));
  const log: LogEntry[] = [];
  const input = (i: LogInput) => {
    log.push({ ...pointOf(live), input: i });
    applyInput(live, i);
  };
  const typeLine = (line: string) => {
    for (const ch of `${line}\r`) {
      input({ kind: 'tty', terminal: 'console', data: ch });
      live.runUntil(live.now + 120e6); // ~120 ms between keystrokes
    }
  };
  advanceUntil(live, () => live.consoleReaderWaiting(), 10e9);
  typeLine('for i in $(seq 100); do sleep 100000 & done');
  typeLine('for i in $(seq 100); do (while :; do sleep 5; done) & done');
  const commands = ['ps -e -o pid,stat,comm | tail -3', 'cat /proc/loadavg', 'uptime', 'jobs | wc -l', 'ls /proc | wc -l', 'free -m', 'date'];
  let c = 0;
  while (live.now < 600e9) {
    live.runUntil(live.now + 10e9);
    typeLine(commands[c++ % commands.length]!);
  }
  const samples: number[] = [];
  let same = true;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const m = new Machine(opts);
    const screens = new ScreenHistory();
    m.onOutput((b, id) => screens.add(id, b));
    const rp = new Replayer(m, log, log.length, null);
    const st = rp.run(() => false);
    samples.push(performance.now() - t0);
    if (st.state !== 'done') throw new Error(`replay failed: ${st.state === 'failed' ? st.error : st.state}`);
    same &&= Buffer.from(screens.of('console')).equals(Buffer.from(liveScreens.of('console')).subarray(0, screens.of('console').length));
  }
  const tasks = [...live.k.allTasks()].filter((t) => t.alive).length;
  return [
    row('replay-10min', min(samples), 'ms', '<=', 2000,
      `${log.length} inputs over ${fmtNum(live.now / 60e9)} virtual min, ${tasks} tasks alive, ${fmtNum(live.k.eventsRun)} events; best of 3 (median ${fmtNum(median(samples))})${same ? '' : '; SCREENS DIFFER'}`, samples),
  ];
}

const BENCHES: Bench[] = [
  { name: 'boot', run: benchBoot },
  { name: 'fork-wait', run: benchForkWait },
  { name: 'burners', run: benchBurners },
  { name: 'cg-burners', run: benchCgroupBurners },
  { name: 'overlay', run: benchOverlay },
  { name: 'sleepers', run: benchSleepers }, // mem-per-task, ps-aux-1000
  { name: 'forkbomb', run: benchForkBomb },
  { name: 'idle', run: benchIdle },
  { name: 'replay', run: benchReplay },
];

// ------------------------------------------------------------------ main

interface Args {
  only: string[];
  json: boolean;
  bundled: boolean;
  previewPs: boolean;
  /** set in the child process that --bundled starts */
  isBundle: boolean;
}

const USAGE = `usage: npm run bench -- [--only NAME]... [--json] [--bundled] [--preview-ps]
  --only NAME    run only the benchmarks whose name (or row name) matches NAME; repeatable
  --json         machine-readable output
  --bundled      bundle the harness and kernel with esbuild first and run that (closer to the
                 browser build than tsx's per-file CommonJS transform)
  --preview-ps   install src/userland/procps/ps.ts as /usr/bin/ps if the machine lacks ps`;

function parseArgs(argv: string[]): Args {
  const only: string[] = [];
  let json = false;
  let bundled = false;
  let previewPs = false;
  let isBundle = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--bundled') bundled = true;
    else if (a === '--preview-ps') previewPs = true;
    else if (a === '--is-bundle') isBundle = true;
    else if (a === '--only') only.push(argv[++i] ?? '');
    else if (a.startsWith('--only=')) only.push(a.slice(7));
    else if (a === '-h' || a === '--help') {
      console.log(`${USAGE}\nbenchmarks: ${BENCHES.map((b) => b.name).join(', ')} (rows mem-per-task and ps-aux-1000 are in 'sleepers')`);
      process.exit(0);
    } else {
      console.error(`bench: unknown argument '${a}'`);
      process.exit(2);
    }
  }
  return { only, json, bundled, previewPs, isBundle };
}

/** --bundled: esbuild the harness into one ES module and run it in a child node. */
async function runBundled(argv: string[]): Promise<number> {
  const esbuild = await import('esbuild');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outfile = path.join(os.tmpdir(), `container-lab-bench-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: [path.join(here, 'run.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  const args = argv.filter((a) => a !== '--bundled');
  const r = spawnSync(process.execPath, [outfile, ...args, '--is-bundle'], { stdio: 'inherit' });
  fs.rmSync(outfile, { force: true });
  return r.status ?? 1;
}

async function installPsPreview(): Promise<string> {
  try {
    const mod = (await import('../src/userland/procps/ps')) as { ps?: BuiltinProgram['main'] };
    if (!mod.ps) return 'src/userland/procps/ps.ts exports no ps()';
    extraInstalled.push({ name: 'ps', paths: ['/usr/bin/ps'], main: mod.ps, vszKb: 11000, rssKb: 4400 });
    psPreview = true;
    return '';
  } catch (e) {
    return `cannot load src/userland/procps/ps.ts: ${e instanceof Error ? e.message : String(e)}`;
  }
}

const ROW_TO_BENCH: Record<string, string> = { 'mem-per-task': 'sleepers', 'ps-aux': 'sleepers', ps: 'sleepers', 'peak-heap': 'forkbomb', fairness: 'burners', speedup: 'burners' };

function selected(b: Bench, only: string[]): boolean {
  if (only.length === 0) return true;
  return only.some((o) => b.name.includes(o) || o.includes(b.name) || Object.entries(ROW_TO_BENCH).some(([r, bn]) => bn === b.name && (o.includes(r) || r.includes(o))));
}


async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { only, json, bundled, previewPs, isBundle } = parseArgs(argv);
  if (bundled) process.exit(await runBundled(argv));
  if (previewPs && !new Machine().k.builtins.has('ps')) {
    const why = await installPsPreview();
    if (why) process.stderr.write(`bench: --preview-ps: ${why}\n`);
  }
  const mode = isBundle ? 'esbuild bundle' : 'tsx';
  const todo = BENCHES.filter((b) => selected(b, only));
  if (todo.length === 0) {
    console.error(`bench: no benchmark matches ${only.join(', ')}`);
    process.exit(2);
  }
  const rows: Row[] = [];
  const t0 = performance.now();
  for (const b of todo) {
    if (!json) process.stderr.write(`running ${b.name}...\n`);
    const b0 = performance.now();
    try {
      rows.push(...b.run());
    } catch (e) {
      console.error(e); rows.push({ name: b.name, value: null, unit: '', target: '-', ok: false, note: `FAILED: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (!json) process.stderr.write(`  ${b.name}: ${fmtNum((performance.now() - b0) / 1000)} s\n`);
  }
  const total = (performance.now() - t0) / 1000;
  if (json) {
    console.log(JSON.stringify({ node: process.version, mode, hostCpus: os.cpus().length, hostLoadavg: os.loadavg(), totalSeconds: total, rows }, null, 2));
  } else {
    printTable(rows);
    const la = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    console.log(`\n${rows.filter((r) => r.ok === false).length} missed of ${rows.filter((r) => r.ok !== null).length} with targets; total ${fmtNum(total)} s; node ${process.version}, ${mode}; host ${os.cpus().length} CPUs, load average ${la}`);
  }
}

void main();
