// ESLint flat config. Besides typescript-eslint's recommended rules it enforces the layering of
// ARCHITECTURE.md §2: what each layer may import, and that the kernel and userland never touch
// the host (no clock, timers, randomness, DOM, worker or Node APIs). Not type-aware, for speed.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/__tests__/**', '**/test-helpers/**'];

// ---- import boundaries (relative-path patterns, gitignore syntax) ----
/** Forbid importing a top-level src/ folder (its index or anything inside it). */
const layer = (name) => [`**/${name}`, `**/${name}/**`];
const forbidLayers = (names, why) => ({ group: names.flatMap(layer), message: why });

const NO_NODE = 'Host-neutral code: no Node built-ins here (tests may use them).';
const nodeBuiltins = { group: ['node:*'], message: NO_NODE };
// Bare names ('fs', 'fs/promises') must match exactly: as a gitignore pattern 'path' would
// also catch a sibling module './path'.
const nodeBuiltinPaths = builtinModules.filter((m) => !m.startsWith('_')).map((name) => ({ name, message: NO_NODE }));
const browserLibs = {
  group: ['react', 'react/**', 'react-dom', 'react-dom/**', 'zustand', 'zustand/**', 'd3', 'd3-*', '@xterm/*'],
  message: 'UI libraries belong in src/ui only.',
};

const kernelImports = [
  forbidLayers(
    ['userland', 'machine', 'worker', 'cli', 'ui', 'lessons', 'embed'],
    'src/kernel imports nothing above it (ARCHITECTURE.md §2).',
  ),
  browserLibs,
];
const userlandImports = [
  {
    group: ['**/kernel/**', '!**/kernel/syscall', '!**/kernel/syscall/**', '!**/kernel/abi', '!**/kernel/abi/**'],
    message: 'userland may use only kernel/syscall (and kernel/abi), never kernel internals.',
  },
  // The kernel's own index (`../../kernel`): a separate pattern, or gitignore semantics would
  // exclude the whole folder and the `!` exceptions above could not re-include syscall/abi.
  { regex: '(^|/)kernel/?$', message: 'userland may use only kernel/syscall (and kernel/abi), never kernel internals.' },
  forbidLayers(['machine', 'worker', 'cli', 'ui', 'lessons', 'embed'], 'userland runs on the kernel only.'),
  browserLibs,
];
// The machine may use xterm's headless emulator (no DOM) to render transcripts as a terminal shows them.
const machineImports = [
  forbidLayers(['worker', 'cli', 'ui', 'lessons', 'embed'], 'src/machine is below worker/cli/ui.'),
  { group: [...browserLibs.group, '!@xterm/headless'], message: browserLibs.message },
];
const uiImports = [
  forbidLayers(['kernel', 'userland', 'machine', 'cli'], 'UI talks to the machine only through worker/protocol.'),
];
const workerImports = [forbidLayers(['cli', 'ui', 'lessons', 'embed'], 'src/worker may import machine and its own protocol.')];
const cliImports = [forbidLayers(['worker', 'ui', 'lessons', 'embed'], 'src/cli may import machine only.')];

const restrictImports = (patterns, paths = []) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

// ---- host APIs banned in kernel and userland (determinism, no browser) ----
const HOST_GLOBALS = [
  'Date', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
  'queueMicrotask', 'performance', 'window', 'document', 'self', 'navigator', 'process', 'requestAnimationFrame',
  'cancelAnimationFrame', 'fetch', 'Worker', 'crypto', 'Buffer', 'localStorage', 'postMessage',
].map((name) => ({
  name,
  message: `The simulated kernel is deterministic and host-neutral: no '${name}'. Use the virtual clock / timer queue / seeded PRNG.`,
}));
const hostRules = {
  'no-restricted-globals': ['error', ...HOST_GLOBALS],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the machine\'s seeded PRNG (kernel/lib/prng), not Math.random.' },
    ...HOST_GLOBALS.map(({ name }) => ({ object: 'globalThis', property: name, message: `No host '${name}' in the kernel.` })),
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: 'No wall-clock time in the kernel: use the virtual clock.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'blob-report/', 'coverage/', 'bench/results*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // A userland program is a generator that may finish without a syscall (`true`, `exit 0`).
      'require-yield': 'off',
      // Terminal code matches escape sequences (\x1b, \x7f) on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // Plain JS tooling files (this config, scripts/*.mjs) run in Node.
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], languageOptions: { globals: { ...globals.node } } },

  // ---- src/kernel ----
  { files: ['src/kernel/**'], rules: { ...hostRules, ...restrictImports([...kernelImports, nodeBuiltins], nodeBuiltinPaths) } },
  { files: TESTS.map((t) => `src/kernel/${t}`), rules: restrictImports(kernelImports) },
  // ---- src/userland ----
  { files: ['src/userland/**'], rules: { ...hostRules, ...restrictImports([...userlandImports, nodeBuiltins], nodeBuiltinPaths) } },
  { files: TESTS.map((t) => `src/userland/${t}`), rules: restrictImports(userlandImports) },
  // end-to-end tests of a package boot the machine that runs it
  { files: ['src/userland/**/e2e.test.ts', 'src/userland/**/*.e2e.test.ts'], rules: restrictImports(userlandImports.filter((p) => !p.group?.includes('**/machine'))) },
  // ---- src/machine: runs in the worker and in the CLI, so no Node built-ins outside tests ----
  { files: ['src/machine/**'], rules: restrictImports([...machineImports, nodeBuiltins], nodeBuiltinPaths) },
  { files: TESTS.map((t) => `src/machine/${t}`), rules: restrictImports(machineImports) },
  // ---- browser side ----
  { files: ['src/ui/**', 'src/lessons/**', 'src/embed/**'], rules: restrictImports(uiImports) },
  // the solution bots boot the machine a lesson describes, headless (issue 7)
  { files: ['src/lessons/solution-bots.test.ts'], rules: restrictImports([]) },
  { files: ['src/worker/**'], rules: restrictImports(workerImports) },
  { files: ['src/cli/**'], rules: restrictImports(cliImports) },
);
