/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: {
    format: 'es',
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      // the lab, the embeddable lab, the embedding example, and the SDK as a module of its own
      // with a stable name (dist/embed/sdk.js) for pages that embed the lab
      input: { main: 'index.html', embed: 'embed.html', example: 'embed-example.html', sdk: 'src/embed/sdk.ts' },
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sdk' ? 'embed/sdk.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
  },
  test: {
    // Playwright specs live in e2e/ and must never be collected by Vitest.
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node', // DOM tests opt in with `// @vitest-environment happy-dom`
    // 2-core machines: forks are the most robust pool; one worker per core.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    passWithNoTests: false,
  },
});
