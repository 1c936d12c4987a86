// Helpers for the lab's e2e specs: read the terminal from xterm's buffer (window.__labTerminal),
// type into it, and wait for the shell prompt.
import { expect, type Page } from '@playwright/test';

export const PROMPT = 'root@lab:~# ';

/**
 * The whole terminal buffer (scrollback included) as text lines, trailing blanks trimmed. A line
 * xterm wrapped at the terminal's width is joined back to the line it continues.
 */
export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const t = window.__labTerminal;
    if (!t) return '';
    const b = t.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      const text = line?.translateToString(false) ?? '';
      if (line?.isWrapped && out.length > 0) out[out.length - 1] += text;
      else out.push(text);
    }
    for (let i = 0; i < out.length; i++) out[i] = out[i]!.trimEnd();
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return out.join('\n');
  });
}

/** The visible screen only (what a full-screen program shows). */
export async function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const t = window.__labTerminal;
    if (!t) return '';
    const b = t.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < t.rows; i++) out.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
    return out.join('\n');
  });
}

/** The line the cursor is on. */
export async function cursorLine(page: Page): Promise<string> {
  return page.evaluate(() => {
    const t = window.__labTerminal;
    if (!t) return '';
    const b = t.buffer.active;
    return b.getLine(b.baseY + b.cursorY)?.translateToString(true) ?? '';
  });
}

export async function waitForPrompt(page: Page, timeout = 10_000): Promise<void> {
  await expect.poll(() => cursorLine(page), { timeout }).toBe(PROMPT);
}

/** Type a command line (as keystrokes into xterm) and press Enter. */
export async function run(page: Page, line: string): Promise<void> {
  // the shown terminal tab's input (hidden tabs keep theirs)
  await page.locator('.xterm-helper-textarea:visible').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Output printed after the last occurrence of `prompt + line` (the prompt: root's in ~ by default). */
export async function outputAfter(page: Page, line: string, prompt = PROMPT): Promise<string> {
  const text = await terminalText(page);
  const i = text.lastIndexOf(prompt + line);
  return i < 0 ? '' : text.slice(i + prompt.length + line.length).replace(/^\n/, '');
}

/**
 * Run a command and wait until the prompt is back; returns what it printed. `prompt`: the prompt
 * the line is typed at and comes back (another after a `cd`: "root@lab:/tmp/ov# ").
 */
export async function runAndWait(page: Page, line: string, timeout = 10_000, prompt = PROMPT): Promise<string> {
  await run(page, line);
  await expect
    .poll(async () => (await outputAfter(page, line, prompt)).endsWith(prompt.trimEnd()) || (await outputAfter(page, line, prompt)).endsWith(prompt), {
      timeout,
      // most commands are back within a few frames: look often rather than at 100, 250, 500 ms…
      intervals: [20, 50, 100, 250],
    })
    .toBe(true);
  const out = await outputAfter(page, line, prompt);
  return out.slice(0, out.lastIndexOf(prompt.trimEnd())).replace(/\n$/, '');
}

/** Collect console errors and page errors for the "no console errors" check. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}
