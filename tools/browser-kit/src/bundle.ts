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

/**
 * Whether the module `entry` (a path) bundles for the browser as a browser bundler would resolve
 * its whole import graph (`--platform=browser`, the `@wiretuner/source` condition, in memory):
 * esbuild's error messages, or `[]` when it bundles. Packages check their platform boundary with
 * it (browser-safe entries give `[]`, Node-only ones name what they cannot resolve). Throws on a
 * failure that is not a build error, and when a build gives no output.
 */
export async function browserBundleErrors(entry: string): Promise<readonly string[]> {
  let text: string | undefined
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      conditions: ['@wiretuner/source'],
      write: false,
      logLevel: 'silent',
    })
    text = result.outputFiles[0]?.text
  } catch (error) {
    const errors = (error as { errors?: readonly { readonly text: string }[] }).errors
    if (errors === undefined) throw error
    return errors.map((e) => e.text)
  }
  if (text === undefined || text.length === 0) throw new Error(`bundling ${entry} gave no output`)
  return []
}
