// Test helper: boot a machine, type a script into its console, return the transcript.
import { runScriptRaw, type ScriptOptions } from './headless';
import { renderTranscript } from './transcript';

export async function runScript(script: string, opts: ScriptOptions = {}): Promise<string> {
  const run = runScriptRaw(script, opts);
  return renderTranscript(run.output, run.machine.options.cols, run.machine.options.rows);
}

export { runScriptRaw };
