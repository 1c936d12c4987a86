// The layer panel end to end, in Debian's Chromium against the built app: the seed's overlay
// walkthrough typed into the real terminal, and the panel drawing what the kernel did — the layer
// stack, the copy-up (animated, and listed), the whiteout and the opaque directory.
import { test, expect, type Page } from '@playwright/test';
import { collectErrors, cursorLine, run, runAndWait, waitForPrompt } from './helpers';

let errors: string[] = [];

test.beforeEach(async ({ page }) => {
  errors = collectErrors(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForPrompt(page);
});

test.afterEach(() => {
  expect(errors, 'console errors on the page').toEqual([]);
});

const panel = (page: Page) => page.getByRole('region', { name: 'Layers' });
const layer = (page: Page, key: string) => panel(page).locator(`[role="option"][data-layer="${key}"]`);
const item = (page: Page, path: string) => panel(page).locator(`[role="treeitem"][data-path="${path}"]`);

/** The seed's walkthrough, up to the mount. */
const SETUP = [
  'mkdir -p /tmp/ov/lower1/etc /tmp/ov/lower2/etc /tmp/ov/lower2/data /tmp/ov/upper /tmp/ov/work /tmp/ov/merged',
  'echo lower1 > lower1/etc/motd',
  'echo lower2 > lower2/etc/motd',
  'echo base > lower2/etc/os-release',
  'echo 1 > lower2/data/one',
  'echo 2 > lower2/data/two',
  'mount -t overlay overlay -o lowerdir=lower1:lower2,upperdir=upper,workdir=work merged',
];

const OV_PROMPT = 'root@lab:/tmp/ov# ';

/** Type a line at the /tmp/ov prompt (the walkthrough works there) and wait for the prompt to come back. */
async function sh(page: Page, line: string): Promise<string> {
  return runAndWait(page, line, 10_000, OV_PROMPT);
}

test('the walkthrough: layers stacked, a copy-up rises into upper, a whiteout and an opaque directory', async ({ page }) => {
  // the panel starts hidden; its toggle shows it, and with no overlay it says how to make one
  const toggle = page.getByRole('button', { name: 'Layers', exact: true });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(panel(page).getByTestId('ovl-empty')).toContainText('No overlay mounts — try: mount -t overlay overlay -o lowerdir=…');

  await runAndWait(page, SETUP[0]!);
  await run(page, 'cd /tmp/ov');
  await expect.poll(() => cursorLine(page)).toBe(OV_PROMPT);
  for (const line of SETUP.slice(1)) await sh(page, line);
  await expect(panel(page).getByRole('combobox', { name: 'Overlay mount' })).toContainText('/tmp/ov/merged');
  await expect(panel(page).getByRole('listbox')).toHaveAttribute('aria-label', 'Layers of /tmp/ov/merged, top to bottom');
  await expect(panel(page).getByRole('listbox').getByRole('option')).toHaveText([/merged/, /upper/, /lower 1/, /lower 2/]);
  await expect(layer(page, '1').locator('.ovl-layer__size')).toHaveText('4 files · 16 B');
  await expect(layer(page, '0').locator('.ovl-layer__size')).toHaveText('1 file · 7 B');
  await expect(layer(page, 'upper').locator('.ovl-layer__size')).toHaveText('0 files · 0 B');
  await expect(item(page, '/etc').locator('.ovl-badge').first()).toHaveText('lower 1');

  // the first write copies the file up: its chip rises from lower 2 into upper
  await sh(page, 'echo appended >> merged/etc/os-release');
  const flyer = panel(page).locator('.ovl-flyer[data-path="/etc/os-release"]');
  await expect(flyer).toHaveCount(1);
  expect(await flyer.evaluate((el) => getComputedStyle(el).animationName)).toBe('ovl-rise');
  await expect(panel(page).getByRole('list', { name: 'Recent copy-ups' }).locator('li').first()).toContainText('/etc/os-releasecopied up from lower 2');
  await expect(layer(page, 'upper').locator('.ovl-layer__size')).toHaveText('1 file · 14 B');

  // the merged tree: /etc now comes from upper, os-release too, shadowing lower 2's
  await item(page, '/etc').click();
  const osr = item(page, '/etc/os-release');
  await expect(osr.locator('.ovl-badge').first()).toHaveText('upper');
  await expect(osr.locator('.ovl-badge--copied')).toHaveText('↑ lower 2');
  await expect(osr.locator('.ovl-note')).toHaveText('over lower 2');

  // its content, and its versions per layer
  await osr.click();
  const details = panel(page).getByRole('region', { name: 'File /etc/os-release' });
  await expect(details.locator('.ovl-content__text')).toHaveText('base\nappended\n');
  await expect(details.getByRole('tab')).toHaveText(['uppervisible in merged14 B', 'lower 2shadowed by upper5 B']);
  await details.getByRole('tab').nth(1).click();
  await expect(details.locator('.ovl-content__text')).toHaveText('base\n');

  // with reduced motion the chip does not travel: it shows on upper for a moment
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await sh(page, 'touch merged/etc/motd');
  const still = panel(page).locator('.ovl-flyer[data-path="/etc/motd"]');
  await expect(still).toHaveCount(1);
  expect(await still.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
  await page.emulateMedia({ reducedMotion: 'no-preference' });

  // rm of a lower file leaves a whiteout in upper: struck through in the merged tree
  await sh(page, 'rm merged/etc/motd');
  expect(await sh(page, 'ls -l upper/etc')).toMatch(/^c--------- +\d+ root root 0, 0 .* motd$/m);
  const motd = item(page, '/etc/motd');
  await expect(motd).toHaveAttribute('data-kind', 'whiteout');
  await expect(motd.locator('.ovl-badge--whiteout')).toHaveText('whiteout');
  await expect(motd.locator('.ovl-note')).toHaveText('deletes lower 1, lower 2');
  expect(await motd.locator('.ovl-row__name').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
  await expect(layer(page, 'upper').locator('.ovl-layer__size')).toContainText('1 whiteout');

  // a new file only in upper; a removed and re-created directory is opaque
  await sh(page, 'touch merged/newfile');
  await sh(page, 'rm -r merged/data');
  await sh(page, 'mkdir merged/data');
  await expect(item(page, '/newfile').locator('.ovl-badge').first()).toHaveText('upper');
  await expect(item(page, '/data').locator('.ovl-badge--opaque')).toHaveText('opaque');
  await expect(item(page, '/data').locator('.ovl-note')).toHaveText('hides lower 2');

  await page.waitForTimeout(300);
  await panel(page).screenshot({ path: 'screenshots/layers-panel.png' });
  await page.screenshot({ path: 'screenshots/layers-lab.png' });

  // a layer's own contents: lower 2 still has everything, marked with its fate
  await layer(page, '1').click();
  await expect(panel(page).getByRole('tree')).toHaveAttribute('aria-label', 'Contents of lower 2 (/tmp/ov/lower2)');
  await expect(item(page, '/data').locator('.ovl-status')).toHaveText('hidden by an opaque directory in upper');
  await expect(item(page, '/etc/motd').locator('.ovl-status')).toHaveText('deleted by a whiteout in upper');
  await panel(page).screenshot({ path: 'screenshots/layers-lower2.png' });

  // the keyboard: the layer list moves with the arrows, the tree expands and collapses
  await layer(page, '1').focus();
  await page.keyboard.press('Home');
  await expect(layer(page, 'merged')).toHaveAttribute('aria-selected', 'true');
  await expect(layer(page, 'merged')).toBeFocused();
  await item(page, '/data').focus();
  await page.keyboard.press('ArrowDown');
  await expect(item(page, '/etc')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(item(page, '/etc')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(item(page, '/etc')).toHaveAttribute('aria-expanded', 'true');
});
