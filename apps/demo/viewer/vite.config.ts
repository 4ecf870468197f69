/**
 * Vite build of the demo's pages: the history viewer (index.html), the editor (editor.html) and
 * the folder's file browser (files.html),
 * one static bundle in dist/viewer that `wiretuner serve` and `wiretuner edit` serve.
 */
import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  // workspace packages from their sources (replay's playback timing), like tsx and vitest
  resolve: { conditions: ['@wiretuner/source', ...defaultClientConditions] },
  // the local mode's engine Worker is an ES module (SQLite WASM's loader uses import.meta)
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/viewer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        viewer: fileURLToPath(new URL('./index.html', import.meta.url)),
        editor: fileURLToPath(new URL('./editor.html', import.meta.url)),
        files: fileURLToPath(new URL('./files.html', import.meta.url)),
      },
    },
  },
})
