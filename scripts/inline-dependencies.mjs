#!/usr/bin/env node
// Build step of a package whose start-up is dominated by loading a dependency made of hundreds of
// small ES modules (event-schema: TypeBox, about 370 modules and ~200 ms of Node 20's ESM loader
// per process; bundled, ~25 ms). Run in the package directory after tsc:
//   node ../../scripts/inline-dependencies.mjs typebox
// It bundles the package's JavaScript entries (publishConfig.exports, from tsc's dist/) with
// esbuild into dist/ again, code shared by the entries in chunks (one copy of every module), the
// named dependencies inlined and every other import left as it is. The .d.ts files are tsc's,
// untouched (the inlined dependency stays a dependency: the declarations name its types). Each
// output file starts with the license notice of what it inlines.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const inline = process.argv.slice(2)
if (inline.length === 0) throw new Error('usage: inline-dependencies.mjs <package to inline>...')
const dir = process.cwd()
const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
// esbuild and the inlined packages resolve from the package (its devDependencies and dependencies)
const require = createRequire(join(dir, 'package.json'))
const { build } = require('esbuild')

/** The license text shipped with `name` (its LICENSE/license file). */
function licenseOf(name) {
  let root
  for (let d = dir; root === undefined; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', name, 'package.json'))) root = join(d, 'node_modules', name)
    else if (dirname(d) === d) throw new Error(`${name} is not installed`)
  }
  const file = readdirSync(root).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f))
  if (file === undefined) throw new Error(`${name} ships no license file: cannot inline it`)
  return readFileSync(join(root, file), 'utf8').trim()
}

const entries = Object.values(manifest.publishConfig?.exports ?? {})
  .map((e) => (typeof e === 'object' && e !== null ? e.default : undefined))
  .filter((p) => typeof p === 'string' && p.endsWith('.js'))
  .map((p) => join(dir, p))
if (entries.length === 0) throw new Error('no JavaScript entries in publishConfig.exports')

const dist = join(dir, 'dist')
const out = join(dir, '.dist-bundle')
rmSync(out, { recursive: true, force: true })
const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
const notice = inline
  .map((name) => `This file includes ${name} (bundled at build time):\n\n${licenseOf(name)}`)
  .join('\n\n')
await build({
  entryPoints: entries,
  outdir: out,
  outbase: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2023',
  chunkNames: 'chunks/[name]-[hash]',
  external: deps.filter((d) => !inline.includes(d)),
  banner: { js: `/*!\n${notice.replaceAll('*/', '* /')}\n*/` },
  legalComments: 'inline',
  logLevel: 'warning',
})

// Replace tsc's JavaScript with the bundle; keep the declarations.
function jsFiles(d) {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f)
    return statSync(p).isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : []
  })
}
for (const f of jsFiles(dist)) rmSync(f)
cpSync(out, dist, { recursive: true })
rmSync(out, { recursive: true, force: true })
console.log(`inlined ${inline.join(', ')} into ${jsFiles(dist).length} files of ${dist}`)
