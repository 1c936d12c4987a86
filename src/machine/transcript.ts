// Render console output as the terminal shows it, without escape codes: the bytes go through a
// real terminal emulator (xterm.js headless, the same parser the browser lab uses) and the
// transcript is its scrollback plus screen, wrapped lines joined, trailing blanks trimmed.
import xtermHeadless from '@xterm/headless';
import type * as XtermHeadless from '@xterm/headless';

// @xterm/headless is CommonJS: its named exports live on the default export under Node's ESM loader
const { Terminal } = xtermHeadless as unknown as typeof XtermHeadless;

export async function renderTranscript(chunks: Uint8Array[], cols = 80, rows = 24): Promise<string> {
  const term = new Terminal({ cols, rows, scrollback: 1_000_000, allowProposedApi: true, convertEol: false });
  for (const c of chunks) term.write(c);
  await new Promise<void>((res) => term.write('', res));
  const buf = term.buffer.normal;
  const lines: string[] = [];
  for (let i = 0; i < buf.length; i++) {
    const line = buf.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  term.dispose();
  return lines.map((l) => l.replace(/\s+$/, '')).join('\n') + '\n';
}
