// Guided lessons end to end: lesson 2 (PID namespaces) completed by clicking its run buttons,
// each check turning green as the machine answers; an invalid lesson file shows its report; a
// lesson's Markdown cannot run script. Pictures of the player in both themes.
import { test, expect, type Page } from '@playwright/test';
import { collectErrors, cursorLine, runAndWait, terminalText, waitForPrompt } from './helpers';

let errors: string[] = [];

test.beforeEach(async ({ page }) => {
  errors = collectErrors(page);
  page.on('dialog', (d) => void d.accept());
  await page.goto('/');
  await waitForPrompt(page);
});

test.afterEach(() => {
  expect(errors, 'console errors on the page').toEqual([]);
});

const panel = (page: Page) => page.getByTestId('lesson-panel');
const checks = (page: Page) => panel(page).getByTestId('lesson-checks').locator('li');

async function startLesson(page: Page, id: string): Promise<void> {
  await page.getByTestId('lesson-menu').click();
  await page.getByTestId(`lesson-start-${id}`).click();
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByRole('status').filter({ hasText: /Preparing/ })).toHaveCount(0, { timeout: 15_000 });
}

/**
 * Click all of the step's run buttons at once (in one task): the player types each command only
 * once the previous one has ended (its shell prompted again), so none becomes typeahead that the
 * machine's command log — and the output checks — would not see.
 */
async function runAll(page: Page): Promise<void> {
  await panel(page).evaluate((el) => el.querySelectorAll<HTMLButtonElement>('[data-testid="lesson-run"]').forEach((b) => b.click()));
}

test('lesson 2 completed with its run buttons: every check turns green, then the summary', async ({ page }) => {
  await startLesson(page, 'pid-namespaces');
  await expect(panel(page).getByTestId('lesson-step-title')).toHaveText('Become PID 1');
  await expect(checks(page)).toHaveCount(2);
  await expect(checks(page).first()).toHaveAttribute('data-state', 'pending');
  const next = panel(page).getByRole('button', { name: 'Next step' });
  await expect(next).toBeDisabled();

  const titles = ['Become PID 1', 'kill -9 1 does nothing here', 'The same process, seen from the host', 'Kill it from the host'];
  for (const [i, title] of titles.entries()) {
    await expect(panel(page).getByTestId('lesson-step-title')).toHaveText(title);
    await runAll(page);
    for (let c = 0; c < (await checks(page).count()); c++) {
      await expect(checks(page).nth(c), `step ${i + 1} check ${c + 1}`).toHaveAttribute('data-state', 'passed', { timeout: 10_000 });
    }
    if (i === 0) await page.screenshot({ path: 'test-results/screenshots/lesson-step1-dark.png' });
    const button = panel(page).getByRole('button', { name: i === titles.length - 1 ? 'Finish' : 'Next step' });
    await expect(button).toBeEnabled();
    await button.click();
  }
  await expect(page.getByTestId('lesson-finished')).toContainText('Lesson complete');
  await expect(page.getByTestId('lesson-finished')).toContainText('NSpid');
});

test("the header's Reset machine restarts the open lesson on its own machine, from its first step", async ({ page }) => {
  await startLesson(page, 'pid-namespaces');
  await runAll(page);
  await expect(checks(page).first()).toHaveAttribute('data-state', 'passed', { timeout: 10_000 });
  await panel(page).getByRole('button', { name: 'Next step' }).click();
  await expect(panel(page).getByTestId('lesson-step-title')).toHaveText('kill -9 1 does nothing here');
  const dialogs: string[] = [];
  page.on('dialog', (d) => dialogs.push(d.message()));
  await page.getByTestId('reset-machine').click();
  expect(dialogs.join('\n')).toContain('the lesson starts again at its first step');
  await expect(panel(page).getByTestId('lesson-step-title')).toHaveText('Become PID 1');
  await expect(panel(page).getByRole('status').filter({ hasText: /Preparing/ })).toHaveCount(0, { timeout: 15_000 });
  await waitForPrompt(page);
  // the fresh machine: the unshare'd bash is gone, so the first step's checks are pending again
  await expect(checks(page).first()).toHaveAttribute('data-state', 'pending');
  expect(await runAndWait(page, 'ps -e -o comm=')).not.toMatch(/unshare/);
});

test('hints one at a time; the solution behind a confirm; progress survives a reload', async ({ page }) => {
  await startLesson(page, 'pid-namespaces');
  await expect(panel(page).locator('.lesson__hint')).toHaveCount(0);
  await panel(page).getByRole('button', { name: 'Show a hint' }).click();
  await expect(panel(page).locator('.lesson__hint')).toHaveCount(1);
  await expect(panel(page).getByRole('button', { name: 'Show a hint' })).toHaveCount(0); // step 1 has one hint
  await panel(page).getByRole('button', { name: 'Show the solution' }).click();
  await expect(panel(page).locator('.lesson__solution')).toContainText('unshare --pid --fork --mount-proc bash');
  await page.reload();
  await waitForPrompt(page);
  await expect(panel(page).locator('.lesson__hint')).toHaveCount(1);
  await expect(panel(page).locator('.lesson__solution')).toBeVisible();
});

test('an invalid lesson file shows every problem with its line, and nothing starts', async ({ page }) => {
  await page.getByTestId('lesson-menu').click();
  const bad = ['---', 'id: Bad Id', 'lang: fr', 'title: x', 'summary: y', 'minutes: 5', '---', '## Step', '```check', '- label: a', '  script: { js: alert(1) }', '```', ''].join('\n');
  await page.getByTestId('lesson-file').setInputFiles({ name: 'bad.md', mimeType: 'text/markdown', buffer: Buffer.from(bad) });
  const report = page.getByTestId('lesson-report');
  await expect(report).toContainText('bad.md cannot be loaded');
  await expect(report).toContainText("line 2 front matter: id 'Bad Id' must be lowercase");
  await expect(report).toContainText('line 3 front matter: lang must be one of en, zh-CN');
  await expect(report).toContainText("line 11 check: unknown key 'script'");
  await expect(panel(page)).toHaveCount(0);
  // the report follows the lab's language
  await page.getByTestId('settings-button').click();
  await page.getByTestId('settings-lang').selectOption('zh-CN');
  await page.keyboard.press('Escape');
  if (!(await report.isVisible())) await page.getByTestId('lesson-menu').click();
  await expect(report).toContainText("前言：id 'Bad Id' 只能由小写字母、数字和 '-' 组成");
  await expect(report).toContainText("检查：未知的键 'script'");
});

test('XSS in a lesson does nothing: script, javascript: links, event handlers, SVG', async ({ page }) => {
  const lesson = [
    '---', 'id: xss', 'lang: en', 'title: XSS', 'summary: s', 'minutes: 1', '---',
    'Intro <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">',
    '[click](javascript:window.__pwned=3) <a href="javascript:window.__pwned=4">a</a>',
    '<svg onload="window.__pwned = 5"><script>window.__pwned = 6</script></svg>',
    '<iframe src="javascript:window.parent.__pwned=7"></iframe> <style>body { display: none }</style>',
    '<div onclick="window.__pwned = 8" id="clickme">click me</div>',
    '## Step', 'Text', '::: solution', '```sh', 'true', '```', ':::', '```check', '- label: l', '  command: { contains: "true" }', '```',
    '## End {summary}', 'done', '',
  ].join('\n');
  await page.getByTestId('lesson-menu').click();
  await page.getByTestId('lesson-file').setInputFiles({ name: 'xss.md', mimeType: 'text/markdown', buffer: Buffer.from(lesson) });
  await expect(panel(page)).toBeVisible();
  await expect(panel(page)).toContainText('click me');
  await panel(page).getByText('click me').click();
  await panel(page).getByText('click').first().click();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await panel(page).locator('script, svg, iframe, style, img, [onclick], [onerror], [onload]').count()).toBe(0);
  expect(await panel(page).locator('a[href^="javascript:"]').count()).toBe(0);
  await expect(page.locator('body')).toBeVisible();
});

test("a lesson's setup runs at boot as /etc/rc.local, before the prompt, with nothing typed on the console", async ({ page }) => {
  const lesson = [
    '---', 'id: with-setup', 'lang: en', 'title: Setup', 'summary: s', 'minutes: 1',
    'machine:', '  hostname: prepared', '  setup:', '    - mkdir -p /srv/app', '    - sleep 1000 &', '    - echo setup-done', '---',
    '## Step', 'Text', '::: solution', '```sh', 'touch /srv/app/x', '```', ':::',
    '```check', '- label: prepared by the setup', '  file: { path: /srv/app, exists: true }', '- label: x', '  file: { path: /srv/app/x, exists: true }', '```',
    '## End {summary}', 'done', '',
  ].join('\n');
  await page.getByTestId('lesson-menu').click();
  await page.getByTestId('lesson-file').setInputFiles({ name: 'setup.md', mimeType: 'text/markdown', buffer: Buffer.from(lesson) });
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByRole('status').filter({ hasText: /Preparing/ })).toHaveCount(0, { timeout: 15_000 });
  await expect(checks(page).first()).toHaveAttribute('data-state', 'passed', { timeout: 10_000 });
  await expect(checks(page).nth(1)).toHaveAttribute('data-state', 'pending');
  const prompt = 'root@prepared:~# ';
  await expect.poll(() => cursorLine(page)).toBe(prompt);
  // the console starts at the prompt: no setup line was typed there
  expect((await terminalText(page)).trimStart().startsWith(prompt.trimEnd())).toBe(true);
  expect(await runAndWait(page, 'cat /var/log/rc.local.log; ps -o ppid=,args= -C sleep', 10_000, prompt)).toBe('setup-done\n    1 sleep 1000');
});

test('the lesson player in Chinese and in the light theme', async ({ page }) => {
  await page.getByTestId('settings-button').click();
  await page.getByTestId('settings-lang').selectOption('zh-CN');
  await page.getByTestId('settings-theme').selectOption('light');
  await page.keyboard.press('Escape');
  await page.getByTestId('lesson-menu').click();
  await expect(page.getByTestId('lesson-list')).toContainText('PID 命名空间与 PID 1');
  await page.getByTestId('lesson-start-pid-namespaces').click();
  await expect(panel(page).getByTestId('lesson-step-title')).toHaveText('成为 PID 1');
  await expect(panel(page).getByRole('button', { name: '下一步' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/screenshots/lesson-zh-light.png' });
});

test('an instructor opens a lesson from a URL, copies a link that opens it, and a student exports progress', async ({ page, context }) => {
  const lesson = [
    '---', 'id: from-url', 'lang: en', 'title: A lesson from a URL', 'summary: s', 'minutes: 2', '---',
    '## Make a file', '```sh run', 'touch /tmp/made', '```',
    '::: solution', '```sh', 'touch /tmp/made', '```', ':::',
    '```check', '- label: /tmp/made exists', '  file: { path: /tmp/made }', '```',
    '## End {summary}', 'done', '',
  ].join('\n');
  await context.route('**/lessons/from-url.md', (route) => route.fulfill({ status: 200, contentType: 'text/markdown', body: lesson }));
  await context.route('**/lessons/missing.md', (route) => route.fulfill({ status: 404, body: 'no' }));
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  await page.getByTestId('lesson-menu').click();
  await page.getByTestId('lesson-url').fill('/lessons/missing.md');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('lesson-report')).toContainText('cannot load it: HTTP 404');
  // the browser logs the failed fetch: expected here, and only here
  errors.splice(0, errors.length, ...errors.filter((e) => !/status of 404/.test(e)));

  await page.getByTestId('lesson-url').fill('/lessons/from-url.md');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(panel(page).getByTestId('lesson-step-title')).toHaveText('Make a file');

  await panel(page).getByTestId('lesson-copy-link').click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(`${new URL(page.url()).origin}/?lessonUrl=${encodeURIComponent(`${new URL(page.url()).origin}/lessons/from-url.md`)}`);

  await runAll(page);
  await expect(checks(page).first()).toHaveAttribute('data-state', 'passed', { timeout: 10_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), panel(page).getByTestId('lesson-export').click()]);
  const progress = JSON.parse(await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8')) as Record<string, unknown>;
  expect(progress).toMatchObject({
    format: 'container-lab-lesson-progress',
    lesson: { id: 'from-url', title: 'A lesson from a URL' },
    steps: [{ title: 'Make a file', passed: true, hintsShown: 0, solutionShown: false }],
  });

  // the copied link opens the same lesson in a fresh page
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('lesson-panel').getByTestId('lesson-step-title')).toHaveText('Make a file', { timeout: 15_000 });
  await other.close();
});

test('the lesson list opens inside the window, with every built-in lesson', async ({ page }) => {
  await page.getByTestId('lesson-menu').click();
  const list = page.getByTestId('lesson-list');
  const box = (await list.boundingBox())!;
  const view = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width);
  for (const id of ['process-states', 'pid-namespaces', 'zombies', 'cgroups-cpu', 'overlayfs', 'container-by-hand']) {
    await expect(page.getByTestId(`lesson-start-${id}`)).toBeVisible();
  }
  await page.screenshot({ path: 'test-results/screenshots/lesson-list-dark.png' });
  // in Chinese the header wraps differently and the button sits at the right edge
  await page.getByTestId('lesson-menu').click();
  await page.getByTestId('settings-button').click();
  await page.getByTestId('settings-lang').selectOption('zh-CN');
  await page.keyboard.press('Escape');
  await page.getByTestId('lesson-menu').click();
  const zh = (await list.boundingBox())!;
  expect(zh.x).toBeGreaterThanOrEqual(0);
  expect(zh.x + zh.width).toBeLessThanOrEqual(view.width);
  await page.screenshot({ path: 'test-results/screenshots/lesson-list-zh.png' });
});
