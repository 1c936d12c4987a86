#!/usr/bin/env node
// Makes sure the project's dependencies are installed; fast (one stat or two) when they are.
//
//   node scripts/ensure-deps.mjs             npm ci (or npm install without a lock) when
//                                            node_modules is missing or older than
//                                            package-lock.json / package.json
//   node scripts/ensure-deps.mjs --chromium  also apt-get install Debian's chromium when
//                                            /usr/bin/chromium is missing (e2e tests need it)
//   ENSURE_CHROMIUM=1 has the same effect as --chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function run(cmd, args, opts = {}) {
  console.error(`[ensure-deps] ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`[ensure-deps] ${cmd} exited with ${r.status ?? r.signal}`);
    process.exit(r.status ?? 1);
  }
}

function npmDepsStale() {
  const installed = mtime(join(root, 'node_modules', '.package-lock.json'));
  if (installed === undefined) return 'node_modules is missing';
  const lock = mtime(join(root, 'package-lock.json'));
  if (lock !== undefined && lock > installed) return 'package-lock.json is newer than node_modules';
  const pkg = mtime(join(root, 'package.json'));
  if (pkg !== undefined && pkg > installed) return 'package.json is newer than node_modules';
  return undefined;
}

const stale = npmDepsStale();
if (stale) {
  console.error(`[ensure-deps] ${stale}: installing dependencies`);
  const hasLock = existsSync(join(root, 'package-lock.json'));
  run('npm', [hasLock ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

const wantChromium =
  process.argv.includes('--chromium') || /^(1|true|yes)$/i.test(process.env.ENSURE_CHROMIUM ?? '');
if (wantChromium && !existsSync(CHROMIUM)) {
  console.error(`[ensure-deps] ${CHROMIUM} is missing: installing Debian's chromium`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) =>
    sudo.length ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args], { env }) : run('apt-get', args, { env });
  apt('update');
  apt('install', '-y', '--no-install-recommends', 'chromium');
  if (!existsSync(CHROMIUM)) {
    console.error(`[ensure-deps] apt-get finished but ${CHROMIUM} is still missing`);
    process.exit(1);
  }
}
