// The browser lab end to end, against the built app (`vite build && vite preview`) in Debian's
// Chromium: the terminal, job control through it, the process panel, full-screen programs,
// resizing, and a clean console. Terminal text is read from xterm's buffer (window.__labTerminal).
import { test, expect, type Page } from '@playwright/test';
import { collectErrors, cursorLine, outputAfter, PROMPT, run, runAndWait, screenText, terminalText, waitForPrompt } from './helpers';

let errors: string[] = [];

test.beforeEach(async ({ page }) => {
  errors = collectErrors(page);
  await page.goto('/');
  await waitForPrompt(page);
});

test.afterEach(() => {
  expect(errors, 'console errors on the page').toEqual([]);
});

/** The panel's row for a pid. */
const row = (page: Page, pid: number) => page.locator(`.proc-table tr[data-pid="${pid}"]`);

/** `sleep 100 &` → its pid, from bash's "[1] PID" notice. */
async function background(page: Page, line: string): Promise<number> {
  const out = await runAndWait(page, line);
  const m = /^\[\d+\] (\d+)$/m.exec(out);
  expect(m, `job notice after '${line}': ${out}`).not.toBeNull();
  return Number(m![1]);
}

test('the page shows the product name, the status line and a root prompt', async ({ page }) => {
  await expect(page.getByRole('heading', { name: 'Container Lab' })).toBeVisible();
  await expect(page.getByTestId('loadavg')).toContainText('load average: ');
  await expect(page.getByTestId('clock')).toContainText('UTC');
  expect(await cursorLine(page)).toBe(PROMPT);
});

test('echo hello prints hello', async ({ page }) => {
  expect(await runAndWait(page, 'echo hello')).toBe('hello');
});

test('a background sleep is in ps and in the panel (S), and kill %1 removes it from both', async ({ page }) => {
  const pid = await background(page, 'sleep 100 &');
  const ps = await runAndWait(page, 'ps');
  expect(ps).toMatch(new RegExp(`^\\s*${pid} .*\\bsleep$`, 'm'));
  await expect(row(page, pid)).toHaveAttribute('data-state', 'S');
  await expect(row(page, pid).locator('.proc-col--state')).toHaveText('S sleeping');
  await expect(row(page, pid).locator('.proc-col--command')).toHaveText('sleep 100');

  await runAndWait(page, 'kill %1');
  await expect(row(page, pid)).toHaveCount(0);
  const ps2 = await runAndWait(page, 'ps');
  expect(ps2).not.toMatch(new RegExp(`^\\s*${pid} `, 'm'));
  expect(await terminalText(page)).toContain('Terminated');
});

test('a zombie shows Z in the panel within 2 s', async ({ page }) => {
  const parent = await background(page, "sh -c 'sleep 1 & exec sleep 100' &");
  const zombie = page.locator('.proc-table tr[data-state="Z"]');
  await expect(zombie).toHaveCount(1, { timeout: 2_000 });
  await expect(zombie.locator('.proc-col--ppid')).toHaveText(String(parent));
  await expect(zombie.locator('.proc-col--state')).toHaveText('Z zombie');
  await expect(page.getByTestId('proc-counts')).toContainText('1 zombie');
  // selecting it shows its /proc/PID/status
  await zombie.click();
  await expect(page.getByRole('region', { name: /\/proc\/\d+\/status/ })).toContainText('Z (zombie)');
  await page.getByRole('button', { name: 'Tree' }).click();
  await expect(page.locator(`.proc-table tr[data-state="Z"] .proc-tree`)).toBeVisible();
});

test('pasting text types it into the terminal; a selection can be copied', async ({ page }) => {
  await page.locator('.xterm-helper-textarea').focus();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'echo pasted');
    const ta = document.querySelector('.xterm-helper-textarea')!;
    ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.keyboard.press('Enter');
  await expect.poll(() => outputAfter(page, 'echo pasted')).toMatch(/^pasted\n/);
  const selected = await page.evaluate(() => {
    const t = window.__labTerminal!;
    t.selectAll();
    return t.getSelection();
  });
  expect(selected).toContain('echo pasted\npasted');
});

test('^C interrupts sleep 100', async ({ page }) => {
  await run(page, 'sleep 100');
  await expect(page.locator('.proc-table tr', { hasText: 'sleep 100' })).toHaveCount(1);
  await page.keyboard.press('Control+C');
  await waitForPrompt(page, 3_000);
  expect(await outputAfter(page, 'sleep 100')).toMatch(/^\^C\n/);
  await expect(page.locator('.proc-table tr', { hasText: 'sleep 100' })).toHaveCount(0);
});

test('top draws its header and q returns to the prompt', async ({ page }) => {
  await run(page, 'top');
  await expect.poll(() => screenText(page), { timeout: 5_000 }).toMatch(/^top - \d\d:\d\d:\d\d up /);
  const screen = await screenText(page);
  expect(screen).toMatch(/^Tasks: +\d+ total/m);
  expect(screen).toMatch(/PID USER +PR +NI/);
  await page.screenshot({ path: 'screenshots/top.png' });
  await page.keyboard.press('q');
  await waitForPrompt(page, 3_000);
});

/** How many rows `ls /bin` prints (it lays out columns for the terminal's width). */
async function lsRows(page: Page): Promise<number> {
  return (await runAndWait(page, 'ls /bin')).split('\n').length;
}

const termSize = (page: Page) => page.evaluate(() => `${window.__labTerminal!.rows} ${window.__labTerminal!.cols}`);

/** The terminal's size once it has stopped changing (the layout settles over a few frames). */
async function settledSize(page: Page): Promise<string> {
  let last = await termSize(page);
  for (;;) {
    await page.waitForTimeout(250);
    const now = await termSize(page);
    if (now === last) return now;
    last = now;
  }
}

test('resizing the page changes stty size (the pty window size)', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await expect.poll(() => page.evaluate(() => window.__labTerminal!.cols)).toBeGreaterThan(100);
  const big = await settledSize(page);
  expect(await runAndWait(page, 'stty size')).toBe(big);
  await page.setViewportSize({ width: 600, height: 500 });
  await expect.poll(() => termSize(page)).not.toBe(big);
  const small = await settledSize(page);
  expect(await runAndWait(page, 'stty size')).toBe(small);
  await page.screenshot({ path: 'screenshots/narrow.png' });
});

test('programs lay out for the new width after a resize (ls columns)', async ({ page }) => {
  await page.setViewportSize({ width: 1900, height: 900 });
  await expect.poll(() => page.evaluate(() => window.__labTerminal!.cols)).toBeGreaterThan(120);
  const wide = await lsRows(page);
  await page.setViewportSize({ width: 500, height: 700 });
  await expect.poll(() => page.evaluate(() => window.__labTerminal!.cols)).toBeLessThan(70);
  const narrow = await lsRows(page);
  expect(narrow).toBeGreaterThan(wide);
});

test('screenshot of the lab after a session', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 800 });
  await background(page, 'sleep 100 &');
  await background(page, "sh -c 'sleep 1 & exec sleep 100' &");
  await runAndWait(page, 'sleep 200 &');
  await run(page, 'kill -STOP %3');
  await expect(page.locator('.proc-table tr[data-state="Z"]')).toHaveCount(1, { timeout: 3_000 });
  await expect(page.locator('.proc-table tr[data-state="T"]')).toHaveCount(1, { timeout: 3_000 });
  await runAndWait(page, 'ps -o pid,ppid,stat,comm');
  await page.locator('.proc-table tr[data-state="Z"]').click();
  await page.screenshot({ path: 'screenshots/lab.png' });
});
