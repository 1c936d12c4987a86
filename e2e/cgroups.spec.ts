// The cgroup panel end to end, in Debian's Chromium against the built app: commands typed into
// the real terminal change the kernel's cgroups, and the panel draws them on the next frames.
import { test, expect, type Page } from '@playwright/test';
import { collectErrors, run, runAndWait, terminalText, waitForPrompt } from './helpers';

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

const panel = (page: Page) => page.getByRole('region', { name: 'Cgroups' });
const node = (page: Page, path: string) => panel(page).locator(`.cg-node[data-path="${path}"]`);
/** The CPU figure a node shows, as a number ("≈20.0%" → 20). */
const cpuOf = async (page: Page, path: string) => parseFloat((await node(page, path).locator('.cg-node__cpu').innerText()).replace(/[^\d.]/g, ''));

test('mkdir makes a node, moving the shell moves its count, a CPU quota caps and throttles stress', async ({ page }) => {
  await expect(panel(page).getByRole('tree')).toBeVisible();
  await expect(panel(page).getByRole('combobox', { name: 'Cgroup hierarchy' })).toHaveValue('cpu');
  await expect(node(page, '/')).toHaveAttribute('data-tasks', /^\d+$/);

  await runAndWait(page, 'mkdir -p /sys/fs/cgroup/cpu/db/mysql /sys/fs/cgroup/cpu/db/mongodb');
  await expect(node(page, '/db/mysql')).toBeVisible();
  await expect(node(page, '/db/mongodb')).toBeVisible();
  await expect(node(page, '/db/mysql')).toHaveAttribute('data-tasks', '0');
  const rootTasks = Number(await node(page, '/').getAttribute('data-tasks'));

  await runAndWait(page, 'echo 20000 > /sys/fs/cgroup/cpu/db/cpu.cfs_quota_us');
  await expect(node(page, '/db').locator('.cg-chip--limit')).toHaveText('20% CPU');
  // the parent's quota caps the children: they say so
  await expect(node(page, '/db/mysql').locator('.cg-chip--inherited')).toHaveText('≤20% via /db');

  await runAndWait(page, 'echo $$ > /sys/fs/cgroup/cpu/db/mysql/cgroup.procs');
  await expect(node(page, '/db/mysql')).toHaveAttribute('data-tasks', '1');
  await expect(node(page, '/')).toHaveAttribute('data-tasks', String(rootTasks - 1));

  // stress reports after the prompt is back: wait for its line rather than for a prompt
  await run(page, 'stress --cpu 1 &');
  await expect.poll(() => terminalText(page)).toContain('dispatching hogs');
  await expect(node(page, '/db')).toHaveAttribute('data-throttled', 'true', { timeout: 5_000 });
  await expect(node(page, '/db').locator('.cg-node__throttle')).toContainText('throttled');
  await expect.poll(() => cpuOf(page, '/db'), { timeout: 5_000 }).toBeGreaterThan(15);
  expect(await cpuOf(page, '/db')).toBeLessThan(25);
  await expect.poll(() => cpuOf(page, '/db/mysql'), { timeout: 3_000 }).toBeGreaterThan(15);
  expect(await cpuOf(page, '/db/mysql')).toBeLessThan(25);
  await expect(node(page, '/db/mysql')).toHaveAttribute('data-tasks', '3'); // bash and stress's two processes

  // selecting the cgroup lists its tasks and highlights them in the process panel
  await node(page, '/db/mysql').click();
  const details = panel(page).getByRole('region', { name: 'Tasks of /sys/fs/cgroup/cpu/db/mysql' });
  await expect(details.getByRole('button')).toHaveCount(4); // close + 3 tasks
  await expect(details).toContainText('bash');
  await expect(details).toContainText('stress');
  await expect(page.locator('.proc-table tr[data-highlighted]')).toHaveCount(3);
  await expect(page.getByTestId('proc-highlight')).toContainText('3 in cgroup cpu:/db/mysql');

  // the keyboard moves the selection
  await node(page, '/db/mysql').focus();
  await page.keyboard.press('ArrowUp');
  await expect(node(page, '/db/mongodb')).toHaveAttribute('aria-selected', 'true');
  await expect(node(page, '/db/mongodb')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(node(page, '/db/mysql')).toHaveAttribute('aria-selected', 'true');

  // the throttled group flashes, unless the user prefers reduced motion: then a steady outline
  const animation = () => node(page, '/db').evaluate((el) => getComputedStyle(el).animationName);
  // (the throttled flag follows nr_throttled over a sliding window: wait for a frame that has it)
  await expect.poll(animation, { timeout: 5_000 }).toBe('cg-flash');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect.poll(animation, { timeout: 5_000 }).toBe('none');
  await expect
    .poll(() => node(page, '/db').evaluate((el) => getComputedStyle(el).boxShadow), { timeout: 5_000 })
    .toContain('248, 81, 73');
  await page.emulateMedia({ reducedMotion: 'no-preference' });

  await page.waitForTimeout(1_500); // let the sparklines fill a little for the picture
  await panel(page).screenshot({ path: 'screenshots/cgroups-panel.png' });
  await page.screenshot({ path: 'screenshots/cgroups-lab.png' });

  // another hierarchy: the pids tree has none of these cgroups
  await panel(page).getByRole('combobox', { name: 'Cgroup hierarchy' }).selectOption('pids');
  await expect(node(page, '/db')).toHaveCount(0);
  await expect(page.locator('.proc-table tr[data-highlighted]')).toHaveCount(0);
});
