// Test helper: boot a machine, type a script into its console, return the transcript.
import { runScriptRaw, type ScriptOptions } from './headless';
import { renderTranscript } from './transcript';

/** Boot, type `script`, return the transcript. A program crash (a simulator bug) throws. */
export async function runScript(script: string, opts: ScriptOptions = {}): Promise<string> {
  const run = runScriptRaw(script, opts);
  if (run.crashes.length > 0) throw new Error(`a program crashed:\n${run.crashes.join('\n')}`);
  return renderTranscript(run.output, run.machine.options.cols, run.machine.options.rows);
}

export { runScriptRaw };
