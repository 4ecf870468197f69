/**
 * Bundles browser entries with esbuild (ES modules, `--platform=browser`, the workspace's
 * `@wiretuner/source` condition so packages are read from their TypeScript source) and copies
 * asset files (e.g. `sqlite3.wasm`) next to the bundles.
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { build } from 'esbuild'

/** Options of {@link bundleForBrowser}. */
export interface BundleOptions {
  /** Output name (without `.js`) → entry module path. */
  readonly entries: Readonly<Record<string, string>>
  /** Directory to write the bundles (and assets) to; created when missing. */
  readonly outdir: string
  /** Files copied into `outdir` under their own name. */
  readonly assets?: readonly string[]
  /** Minify the bundles (benchmarks); default false (readable stacks in tests; maps are linked files). */
  readonly minify?: boolean
}

/** Bundles every entry to `outdir/<name>.js` and copies the assets; throws esbuild's errors. */
export async function bundleForBrowser(options: BundleOptions): Promise<void> {
  mkdirSync(options.outdir, { recursive: true })
  await build({
    entryPoints: { ...options.entries },
    outdir: options.outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@wiretuner/source'],
    sourcemap: 'linked',
    minify: options.minify ?? false,
    logLevel: 'silent',
  })
  for (const asset of options.assets ?? []) copyFileSync(asset, join(options.outdir, basename(asset)))
}
