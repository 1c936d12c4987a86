// Embedding: the example host page drives an embedded lab through the SDK (createLab) and hears
// its events, across origins (the page on localhost, the lab on 127.0.0.1); messages that do not
// come from the embedding window with the origin it named are ignored.
import { test, expect, type Frame, type Page } from '@playwright/test';

const LAB = 'http://127.0.0.1:4173';
const HOST = 'http://localhost:4173';

type LabEvents = Array<{ event: string; data: Record<string, unknown> }>;
const events = (page: Page) => page.evaluate(() => (window as unknown as { labEvents: LabEvents }).labEvents);

/** The lab's terminal text, read inside its frame. */
async function labTerminal(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const t = (window as unknown as { __labTerminal?: { buffer: { active: { length: number; getLine(i: number): { translateToString(trim: boolean): string } | undefined } } } }).__labTerminal;
    if (!t) return '';
    const b = t.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) out.push(b.getLine(i)?.translateToString(true) ?? '');
    return out.join('\n');
  });
}

/** The lab frame that was told its parent is `parent` (the one the example page made). */
async function labFrame(page: Page, parent = HOST): Promise<Frame> {
  const mine = (f: Frame) => f.url().includes('/embed.html?') && f.url().includes(`parentOrigin=${encodeURIComponent(parent)}`);
  await expect.poll(() => page.frames().some(mine)).toBe(true);
  return page.frames().find(mine)!;
}

test('the example page drives the embedded lab through the SDK and receives command and stepCompleted', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${HOST}/embed-example.html?src=${encodeURIComponent(`${LAB}/embed.html`)}`);
  await expect.poll(async () => (await events(page)).map((e) => e.event), { timeout: 20_000 }).toContain('ready');
  expect((await events(page)).find((e) => e.event === 'ready')!.data).toEqual({ lesson: 'pid-namespaces' });
  const frame = await labFrame(page);
  await expect(frame.getByTestId('lesson-panel')).toBeVisible();
  // no header in the embedded lab
  await expect(frame.locator('.lab__header')).toHaveCount(0);

  await page.evaluate(() => (window as unknown as { lab: { run(c: string): void } }).lab.run('unshare --pid --fork --mount-proc bash'));
  await expect.poll(async () => (await events(page)).filter((e) => e.event === 'command').map((e) => e.data.line)).toContain('unshare --pid --fork --mount-proc bash');
  await page.getByRole('button', { name: "lab.run('ps')" }).click();
  await expect
    .poll(async () => (await events(page)).filter((e) => e.event === 'stepCompleted').map((e) => e.data), { timeout: 10_000 })
    .toEqual([{ lesson: 'pid-namespaces', step: 0, title: 'Become PID 1' }]);
  expect(await labTerminal(frame)).toMatch(/^\s+1 console\s+00:00:00 bash$/m);
  // exit statuses come from the shell's $? (OSC 133;D); the command that started the inner bash has none
  await page.evaluate(() => (window as unknown as { lab: { run(c: string): void } }).lab.run('ls /nonexistent'));
  await expect
    .poll(async () => (await events(page)).filter((e) => e.event === 'command').map((e) => [e.data.line, e.data.status]))
    .toEqual([['unshare --pid --fork --mount-proc bash', null], ['ps', 0], ['ls /nonexistent', 2]]);
  expect(errors).toEqual([]);
});

test('messages from another origin or another window are ignored', async ({ page }) => {
  // 1. the lab was told its parent is 127.0.0.1, but the page that embeds it is localhost
  await page.goto(`${HOST}/embed-example.html`);
  await expect.poll(async () => (await events(page)).map((e) => e.event), { timeout: 20_000 }).toContain('ready');
  await page.evaluate((lab) => {
    const f = document.createElement('iframe');
    f.id = 'wrong-parent';
    f.src = `${lab}/embed.html?parentOrigin=${encodeURIComponent(lab)}`;
    f.style.height = '300px';
    document.body.appendChild(f);
  }, LAB);
  await expect.poll(() => page.frames().filter((f) => f.url().includes('parentOrigin=http%3A%2F%2F127.0.0.1')).length).toBe(1);
  const wrong = page.frames().find((f) => f.url().includes('parentOrigin=http%3A%2F%2F127.0.0.1'))!;
  await expect.poll(() => labTerminal(wrong), { timeout: 15_000 }).toContain('root@lab:~#');

  // 2. a right-origin message from a sibling frame, not from the parent, to the lab that trusts this page
  const trusted = await page.evaluate(() => document.querySelectorAll('iframe').length);
  expect(trusted).toBe(2);
  await page.evaluate(() => {
    const sib = document.createElement('iframe');
    sib.srcdoc = '<p>sibling</p>';
    document.body.appendChild(sib);
  });
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    const msg = (c: string) => ({ cl: 'container-lab', v: 1, type: 'run', command: c });
    const frames = document.querySelectorAll('iframe');
    // into the lab with the wrong parentOrigin, from its real parent
    (frames[1] as HTMLIFrameElement).contentWindow!.postMessage(msg('echo FROM-WRONG-ORIGIN'), '*');
    // into the example's lab (it trusts this origin), but sent by the sibling window
    const sib = (frames[2] as HTMLIFrameElement).contentWindow as Window & typeof globalThis;
    sib.eval(`parent.frames[0].postMessage(${JSON.stringify(msg('echo FROM-SIBLING'))}, '*')`);
    // malformed, from the right window and origin
    (frames[0] as HTMLIFrameElement).contentWindow!.postMessage({ cl: 'container-lab', v: 1, type: 'run', command: 'echo A\recho B' }, '*');
    (frames[0] as HTMLIFrameElement).contentWindow!.postMessage({ cl: 'container-lab', v: 1, type: 'eval', code: 'x' }, '*');
  });
  // and one that is let in, so the lab has had time to act on all of them
  await page.evaluate(() => (window as unknown as { lab: { run(c: string): void } }).lab.run('echo FROM-PARENT'));
  const example0 = await labFrame(page);
  await expect.poll(() => labTerminal(example0)).toMatch(/^FROM-PARENT$/m);
  await page.waitForTimeout(500);
  expect(await labTerminal(wrong)).not.toContain('FROM-WRONG-ORIGIN');
  const example = await labFrame(page);
  expect(await labTerminal(example)).not.toContain('FROM-SIBLING');
  expect(await labTerminal(example)).not.toContain('echo A');
  // the lab with the wrong parentOrigin never spoke to this page: only the example's lab did
  expect((await events(page)).filter((e) => e.event === 'ready')).toHaveLength(1);
});
