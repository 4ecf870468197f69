/**
 * The benchmarks measure the code users run: `@wiretuner/*` imported by name from each package's
 * BUILT output (`dist/`, tsc), not the sources through tsx (whose esbuild `keepNames` transform
 * wraps named closures in `__name(...)` and made hot paths 2–3× slower). `pnpm bench` builds this
 * package first; this check stops with a clear message when a package resolves to its sources
 * (run with the source condition) or when a dependency's `dist/` is missing or older than its `src/`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The packages the benchmarks load. */
const PACKAGES = [
  '@wiretuner/replay',
  '@wiretuner/vector-model',
  '@wiretuner/io-services',
  '@wiretuner/event-schema',
] as const

function newest(dir: string): number {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/**
 * Throws unless every package resolves to a `dist/` at least as new as its `src/`; returns a
 * summary line. `WT_BENCH_SOURCE=1` (`pnpm bench:source`) allows the sources, for comparison.
 */
export function checkBuilt(): string {
  if (process.env.WT_BENCH_SOURCE === '1') return 'SOURCE code through tsx (pnpm bench:source), not the build'
  const problems: string[] = []
  const stale: string[] = []
  for (const name of PACKAGES) {
    const entry = fileURLToPath(import.meta.resolve(name))
    if (!entry.includes(`${join('dist', 'index.js')}`)) {
      problems.push(`${name} resolves to ${entry} (run without --conditions=@wiretuner/source)`)
      continue
    }
    const root = dirname(dirname(entry))
    if (!existsSync(entry)) problems.push(`${name}: ${entry} is missing`)
    else if (newest(join(root, 'src')) > newest(join(root, 'dist'))) stale.push(name)
  }
  if (stale.length > 0 && process.env.WT_BENCH_ALLOW_STALE !== '1') {
    for (const name of stale)
      problems.push(`${name}: dist/ is older than src/ (WT_BENCH_ALLOW_STALE=1 measures it anyway)`)
  }
  if (problems.length > 0) {
    throw new Error(
      `benchmarks need the built packages:\n  ${problems.join('\n  ')}\nbuild them with \`pnpm --filter <name> build\` (this package: \`pnpm build\`)`,
    )
  }
  const note =
    stale.length > 0 ? ` (WT_BENCH_ALLOW_STALE: dist/ older than src/ for ${stale.join(', ')})` : ''
  return `built code: ${PACKAGES.join(', ')} from dist/${note}`
}
