/**
 * Where the built viewer lives, and building it (vite) when it is missing or older than its
 * sources, so `wiretuner serve` works on a fresh clone and never serves a stale bundle.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Directory of the built viewer (`pnpm --filter @wiretuner/demo build`). */
export const VIEWER_DIST = fileURLToPath(new URL('../../dist/viewer', import.meta.url))
const VIEWER_ROOT = fileURLToPath(new URL('../../viewer', import.meta.url))
const VIEWER_CONFIG = join(VIEWER_ROOT, 'vite.config.ts')

function newestSource(dir: string): number {
  let newest = 0
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    const st = statSync(full)
    newest = Math.max(newest, st.isDirectory() ? newestSource(full) : st.mtimeMs)
  }
  return newest
}

/** Whether the bundle is missing or older than a file of `viewer/` (or of the server's API types). */
export function viewerNeedsBuild(): boolean {
  const index = join(VIEWER_DIST, 'index.html')
  if (!existsSync(index)) return true
  const backendTypes = fileURLToPath(new URL('./backend.ts', import.meta.url))
  return Math.max(newestSource(VIEWER_ROOT), statSync(backendTypes).mtimeMs) > statSync(index).mtimeMs
}

/** Builds the viewer with vite when needed; returns the asset directory. */
export async function ensureViewerBuilt(note: (line: string) => void): Promise<string> {
  if (!viewerNeedsBuild()) return VIEWER_DIST
  note('building the viewer…')
  const { build } = await import('vite')
  await build({ configFile: VIEWER_CONFIG, logLevel: 'warn' })
  return VIEWER_DIST
}
