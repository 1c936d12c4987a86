#!/usr/bin/env node
// Type-checks every tsconfig of the project (see ARCHITECTURE.md §2 for why there are several):
//   tsconfig.kernel.json  src/kernel + src/userland: ES2022 only, no DOM, no @types
//   tsconfig.node.json    src/machine, src/cli, bench, scripts, *.config.ts, kernel/userland tests
//   tsconfig.json         browser side: src/ui, src/worker, src/embed, src/lessons (DOM, JSX)
//   tsconfig.e2e.json     Playwright specs in e2e/
// A config whose include matches no file yet (TS18003) is reported and skipped, so the
// pipeline works while parts of src/ do not exist. Runs two tsc at a time (2-core machines).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const configs = ['tsconfig.kernel.json', 'tsconfig.node.json', 'tsconfig.json', 'tsconfig.e2e.json'];
const PARALLEL = 2;

function check(config) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [tsc, '-p', config, '--noEmit', '--pretty', String(!!process.stdout.isTTY)], { cwd: root });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ config, code: code ?? 1, out, ms: Date.now() - t0 }));
  });
}

const results = [];
const queue = [...configs];
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) results.push(await check(c));
  }),
);

let failed = 0;
for (const config of configs) {
  const r = results.find((x) => x.config === config);
  if (r.code !== 0 && /TS18003/.test(r.out)) {
    console.log(`typecheck ${config}: skipped (no input files yet)`);
  } else if (r.code !== 0) {
    failed++;
    console.log(`typecheck ${config}: FAILED (${r.ms} ms)\n${r.out}`);
  } else {
    console.log(`typecheck ${config}: ok (${r.ms} ms)`);
  }
}
process.exit(failed ? 1 : 0);
