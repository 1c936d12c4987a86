// The lab frame end to end: time control (pause, step, speed), rewind by replay from the history
// panel, terminal tabs on one machine, and sessions that survive a reload or travel in a link.
import { test, expect, type Page } from '@playwright/test';
import { collectErrors, outputAfter, run, runAndWait, terminalText, waitForPrompt } from './helpers';

let errors: string[] = [];

test.beforeEach(async ({ page }) => {
  errors = collectErrors(page);
  await page.goto('/');
  await waitForPrompt(page);
});

test.afterEach(() => {
  expect(errors, 'console errors on the page').toEqual([]);
});

/** The virtual clock as the time control shows it (min:s.ms), in ms. */
async function virtualMs(page: Page): Promise<number> {
  const text = (await page.getByTestId('virtual-clock').textContent()) ?? '';
  const m = /^(?:(\d+):)?(\d+):(\d+)\.(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`clock reads '${text}'`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

const procRow = (page: Page, pid: number) => page.locator(`.proc-table tr[data-pid="${pid}"]`);

test('paused, the clock stands still and sleep 1 does not finish until resumed; a step advances', async ({ page }) => {
  await page.getByTestId('run-toggle').click(); // pause
  await expect(page.getByTestId('run-toggle')).toHaveAttribute('aria-pressed', 'true');
  const t0 = await virtualMs(page);
  await run(page, 'sleep 1; echo woke');
  await page.waitForTimeout(1500);
  expect(await outputAfter(page, 'sleep 1; echo woke')).not.toContain('woke');
  expect(await virtualMs(page)).toBe(t0);

  await page.getByTestId('step-100ms').click();
  await expect.poll(() => virtualMs(page)).toBe(t0 + 100);
  await page.getByTestId('step-10ms').click();
  await expect.poll(() => virtualMs(page)).toBe(t0 + 110);
  expect(await outputAfter(page, 'sleep 1; echo woke')).not.toContain('woke');

  await page.getByTestId('run-toggle').click(); // resume
  await expect.poll(() => outputAfter(page, 'sleep 1; echo woke'), { timeout: 5000 }).toContain('woke');
});

test('at 10× a sleep of 5 s finishes long before 5 s of wall time', async ({ page }) => {
  await page.getByTestId('speed').selectOption('10');
  const wall0 = Date.now();
  const out = await runAndWait(page, 'sleep 5; echo done', 4000);
  expect(out).toBe('done');
  // at 1× it takes 5 s; at 10× half a second plus typing and rendering
  expect(Date.now() - wall0).toBeLessThan(4000);
});

test('rewinding to before a kill brings the process back, in ps and in the panel', async ({ page }) => {
  const out = await runAndWait(page, 'sleep 1000 &');
  const pid = Number(/^\[1\] (\d+)$/m.exec(out)![1]);
  await expect(procRow(page, pid)).toHaveCount(1);
  await runAndWait(page, 'kill %1');
  await expect(procRow(page, pid)).toHaveCount(0);

  await page.getByTestId('toggle-history').click();
  const history = page.getByTestId('history');
  await history.getByRole('button', { name: /kill %1/ }).click();
  // the machine is rebuilt by replay, paused just before `kill %1` was typed
  await expect(procRow(page, pid)).toHaveCount(1);
  await expect(procRow(page, pid)).toHaveAttribute('data-state', 'S');
  expect(await terminalText(page)).not.toContain('kill %1');
  await expect(page.getByTestId('run-toggle')).toHaveAttribute('aria-pressed', 'true');

  // typing continues from here, after a confirm that drops the later inputs
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('run-toggle').click();
  const ps = await runAndWait(page, 'ps -o pid,stat,comm');
  expect(ps).toMatch(new RegExp(`^\\s*${pid} S\\s+sleep$`, 'm'));
  await expect(history.getByRole('button', { name: /kill %1/ })).toHaveCount(0);
});

test('two terminal tabs on one machine see each other’s processes', async ({ page }) => {
  await page.getByTestId('new-terminal').click();
  await expect(page.getByTestId('tab-pts/0')).toHaveAttribute('aria-selected', 'true');
  await waitForPrompt(page);
  await runAndWait(page, 'sleep 777 &');
  expect(await runAndWait(page, 'ps -o tty= -p $$')).toBe('pts/0');

  await page.getByTestId('tab-console').click();
  await expect(page.getByTestId('tab-console')).toHaveAttribute('aria-selected', 'true');
  const ps = await runAndWait(page, 'ps -e -o tty,comm,args | grep [7]77');
  expect(ps).toMatch(/^pts\/0\s+sleep\s+sleep 777$/m);

  // closing the tab hangs up its shell: bash and its job get SIGHUP
  await page.getByRole('button', { name: /Close pts\/0/ }).click();
  await expect(page.getByTestId('tab-pts/0')).toHaveCount(0);
  await expect.poll(() => runAndWait(page, 'ps -e -o comm,args | grep -c [7]77 || true')).toBe('0');
});

test('a reload restores the session by replay, and a copied link rebuilds it in another page', async ({ page, context, browser }) => {
  await runAndWait(page, 'sleep 900 &');
  await runAndWait(page, 'echo marker-$((6*7))');
  const ps = await runAndWait(page, 'ps -o pid,stat,comm');
  await page.waitForTimeout(500); // the session is saved shortly after each input

  await page.reload();
  await expect.poll(() => terminalText(page)).toContain('marker-42');
  expect(await terminalText(page)).toContain(ps);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link')).toHaveText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#session=[A-Za-z0-9_-]+$/);

  // another browser (no saved session) opening the link sees the same terminal and ps output
  const other = await browser.newContext();
  const p2 = await other.newPage();
  const errs2 = collectErrors(p2);
  await p2.goto(link);
  await expect.poll(() => terminalText(p2), { timeout: 15_000 }).toContain(ps);
  expect(await terminalText(p2)).toContain('marker-42');
  expect(p2.url()).not.toContain('#session=');
  expect(errs2).toEqual([]);
  await other.close();
});

test('a damaged link or file is refused with a message and the session is kept', async ({ page }) => {
  await runAndWait(page, 'echo keep-me');
  await page.waitForTimeout(500);
  const url = new URL(page.url());
  // a new document (not just a new fragment), as opening a link does
  await page.goto(`${url.origin}/?shared#session=AAAA-not-a-session`);
  await expect(page.getByTestId('notice')).toContainText('The link could not be opened: the link is damaged');
  await expect.poll(() => terminalText(page)).toContain('keep-me');

  await page.getByTestId('import-file').setInputFiles({ name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"container-lab-session","version":1,"machine":{"__proto__":1},"log":[]}') });
  await expect(page.getByTestId('notice').last()).toContainText('That file was not imported');
  expect(await runAndWait(page, 'echo still')).toBe('still');
  expect(await terminalText(page)).toContain('keep-me');
});
