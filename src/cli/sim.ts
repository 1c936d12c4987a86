// `npm run sim -- [FILE] [--seed N] [--cpus N] [--cgroup 1|2] [--max-virtual-seconds N] [--raw]`
// Boots the default machine, types each line of FILE (or stdin) into its console, and prints the
// terminal transcript. Same seed + same script = byte-identical transcript.
import { readFileSync } from 'node:fs';
import { runScriptRaw } from '../machine/headless';
import { renderTranscript } from '../machine/transcript';

const USAGE = `Usage: npm run sim -- [FILE] [options]
  FILE                       script of shell lines (default: standard input)
  --seed N                   seed of the machine's random streams (default 1)
  --cpus N                   virtual CPUs (default 2)
  --cgroup 1|2               cgroup v1 hierarchies (default) or the v2 unified hierarchy
  --max-virtual-seconds N    stop after N seconds of virtual time (default 3600)
  --raw                      print the raw terminal bytes, escape codes included
  -h, --help                 this text
Lines that are exactly ^C, ^Z, ^D or ^\\ send that control character.
`;

async function main(argv: string[]): Promise<number> {
  let file: string | undefined;
  const opts: { seed?: number; cpus?: number; maxVirtualSeconds?: number; cgroupVersion?: 1 | 2 } = {};
  let raw = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v)) throw new Error(`sim: option ${a} needs a number`);
      return v;
    };
    if (a === '--seed') opts.seed = num();
    else if (a === '--cpus') opts.cpus = num();
    else if (a === '--max-virtual-seconds') opts.maxVirtualSeconds = num();
    else if (a === '--cgroup') {
      const v = num();
      if (v !== 1 && v !== 2) {
        process.stderr.write('sim: --cgroup must be 1 or 2\n');
        return 2;
      }
      opts.cgroupVersion = v;
    }
    else if (a === '--raw') raw = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE);
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      process.stderr.write(`sim: unknown option '${a}'\n${USAGE}`);
      return 2;
    } else file = a;
  }
  if (opts.cpus !== undefined && (opts.cpus < 1 || opts.cpus > 64 || !Number.isInteger(opts.cpus))) {
    process.stderr.write('sim: --cpus must be an integer from 1 to 64\n');
    return 2;
  }
  const script = file && file !== '-' ? readFileSync(file, 'utf8') : readFileSync(0, 'utf8');
  const run = runScriptRaw(script, opts);
  if (raw) {
    for (const c of run.output) process.stdout.write(c);
  } else {
    process.stdout.write(await renderTranscript(run.output, run.machine.options.cols, run.machine.options.rows));
  }
  for (const c of run.crashes) process.stderr.write(`sim: program crashed (simulator bug): ${c}\n`);
  if (run.machine.k.panicked) {
    process.stderr.write(`sim: kernel panic: ${run.machine.k.panicked}\n`);
    return 1;
  }
  if (run.timedOut) process.stderr.write('sim: virtual-time budget spent before the script finished\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
