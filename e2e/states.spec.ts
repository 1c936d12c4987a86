// The task-state machine panel end to end: a zombie made in the terminal travels R → Z as a token
// labelled with its pid and comm, the Z state counts it and lists it; killing its parent lets init
// reap it (Z → X). Also writes pictures of the panel in both themes (test-results/screenshots).
import { test, expect, type Page } from '@playwright/test';
import { collectErrors, runAndWait, waitForPrompt } from './helpers';

let errors: string[] = [];

test.beforeEach(async ({ page }) => {
  errors = collectErrors(page);
  await page.goto('/');
  await waitForPrompt(page);
});

test.afterEach(() => {
  expect(errors, 'console errors on the page').toEqual([]);
});

const panel = (page: Page) => page.locator('section.st-panel');
const node = (page: Page, state: string) => panel(page).locator(`g.st-node[data-state="${state}"]`);

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('settings-button').click();
  await page.getByTestId('settings-theme').selectOption(theme);
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('a zombie is a token reaching Z, counted and listed there; init reaps it when its parent dies', async ({ page }) => {
  await expect(page.getByTestId('toggle-states')).toHaveAttribute('aria-pressed', 'true');
  await expect(node(page, 'Z')).toHaveAttribute('data-count', '0');

  // the parent execs a sleep that never waits: its short-lived child stays a zombie
  const out = await runAndWait(page, "sh -c 'sleep 0.3 & exec sleep 1000' &");
  const parent = Number(/^\[1\] (\d+)$/m.exec(out)![1]);
  // a token flies for a moment: read its pid and label in one look while it is on the arrow
  // (the sleep's: the boot's own short-lived commands, like the `id` of /etc/profile, may still be
  // flying to Z when the panel started watching early enough)
  let seen: { pid: string | null; label: string } | null = null;
  await expect
    .poll(
      async () => {
        seen = await panel(page)
          .locator('g.st-token[data-edge="R-Z"]')
          .evaluateAll((els) => {
            const el = els.find((e) => (e.textContent ?? '').endsWith(' sleep'));
            return el ? { pid: el.getAttribute('data-pid'), label: el.textContent ?? '' } : null;
          });
        return seen;
      },
      { timeout: 5_000, intervals: [20] },
    )
    .not.toBeNull();
  const token = seen as unknown as { pid: string | null; label: string };
  const zpid = Number(token.pid);
  expect(token.label).toBe(`${zpid} sleep`);
  expect(zpid).toBeGreaterThan(parent);
  await expect(node(page, 'Z')).toHaveAttribute('data-count', '1');

  // ps agrees with the panel
  const ps = await runAndWait(page, `ps -o pid,stat,args -p ${zpid}`);
  expect(ps).toMatch(new RegExp(`^\\s*${zpid} Z\\s+\\[sleep\\] <defunct>$`, 'm'));

  // clicking the state lists its tasks
  await node(page, 'Z').click();
  const list = panel(page).getByTestId('st-list');
  await expect(list).toContainText(String(zpid));
  await expect(list).toContainText('sleep');

  await page.setViewportSize({ width: 1400, height: 1300 });
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.waitForTimeout(300);
    await panel(page).screenshot({ path: `test-results/screenshots/states-${theme}.png` });
  }

  // its parent dies: init adopts the zombie and reaps it
  await runAndWait(page, `kill ${parent}`);
  await expect(node(page, 'Z')).toHaveAttribute('data-count', '0', { timeout: 5_000 });
  // X is never held (released at once), so it counts 0; the Z → X arrow counts the reap
  await expect(node(page, 'X')).toHaveAttribute('data-count', '0');
  await expect(panel(page).locator('g.st-edge[data-edge="Z-X"]')).not.toHaveAttribute('data-count', '0');
});
