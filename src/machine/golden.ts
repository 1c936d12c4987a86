// Golden transcripts: tests/golden/NAME.sh is typed into a fresh machine (seed 1, 2 CPUs unless
// the script's first line says `# sim: --cpus N --seed N --cgroup 1|2`) and the transcript must equal
// tests/golden/NAME.txt byte for byte. `npm run golden -- --update` rewrites the .txt files; the
// diff is reviewed like code.
import { runScript } from './testing';
import type { ScriptOptions } from './headless';

export function goldenOptions(script: string): ScriptOptions {
  const first = script.split('\n', 1)[0] ?? '';
  const m = /^#\s*sim:(.*)$/.exec(first);
  const opts: ScriptOptions = {};
  if (!m) return opts;
  const words = m[1]!.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const v = Number(words[i + 1]);
    if (words[i] === '--cpus') opts.cpus = v;
    else if (words[i] === '--seed') opts.seed = v;
    else if (words[i] === '--max-virtual-seconds') opts.maxVirtualSeconds = v;
    else if (words[i] === '--cgroup' && (v === 1 || v === 2)) opts.cgroupVersion = v;
    else continue;
    i++;
  }
  return opts;
}

/** The script as typed: the `# sim:` header line is an option line, not input. */
export function goldenInput(script: string): string {
  return script.replace(/^#\s*sim:.*\n/, '');
}

export async function runGolden(script: string): Promise<string> {
  return runScript(goldenInput(script), goldenOptions(script));
}
