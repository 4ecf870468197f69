/** Where the built viewer lives, and building it on demand (vite) when it is missing. */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Directory of the built viewer (`pnpm --filter @wiretuner/demo build`). */
export const VIEWER_DIST = fileURLToPath(new URL('../../dist/viewer', import.meta.url))
const VIEWER_CONFIG = fileURLToPath(new URL('../../viewer/vite.config.ts', import.meta.url))

/** Builds the viewer with vite unless it is built already; returns the asset directory. */
export async function ensureViewerBuilt(note: (line: string) => void): Promise<string> {
  if (existsSync(`${VIEWER_DIST}/index.html`)) return VIEWER_DIST
  note('building the viewer (first run)…')
  const { build } = await import('vite')
  await build({ configFile: VIEWER_CONFIG, logLevel: 'warn' })
  return VIEWER_DIST
}
