#!/usr/bin/env node
// Packaging check (`pnpm check:pkg`): builds every publishable package, packs it with `pnpm pack`
// (which applies publishConfig), checks the packed manifest (packed-manifest.mjs: no private
// workspace package named, LICENSE shipped, metadata, no maps), lints the tarball with publint and
// @arethetypeswrong/cli, installs all tarballs into a scratch project OUTSIDE the workspace,
// imports every public entry from plain Node, runs the browser entries in headless Chromium and
// the packed CLI with `npx wiretuner` (cli-smoke.mjs). Prints one PASS/FAIL line per check and
// writes reports/check-pkg.json for .ci/run.
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  BROWSER_SMOKES,
  bundleForBrowser,
  launchChromium,
  NODE_ONLY_ENTRIES,
  runInBrowser,
  serveDirectory,
} from './browser-entries.mjs'
import { cliSmokeChecks } from './cli-smoke.mjs'
import { checkPackedManifest, privateWorkspacePackages, tarballFiles } from './packed-manifest.mjs'

const root = resolve(import.meta.dirname, '..')
const results = []

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  })
}

/** {@link check} for an async `fn`. */
async function checkAsync(name, fn) {
  try {
    const detail = await fn()
    return check(name, () => detail)
  } catch (err) {
    return check(name, () => {
      throw err
    })
  }
}

function check(name, fn) {
  try {
    const detail = fn()
    results.push({ name, ok: true })
    console.log(`PASS  ${name}${detail ? `  (${detail})` : ''}`)
    return true
  } catch (err) {
    const out = [err.stdout, err.stderr, err.message].filter(Boolean).join('\n').trim()
    results.push({ name, ok: false, detail: out })
    console.log(
      `FAIL  ${name}\n${out
        .split('\n')
        .slice(0, 40)
        .map((l) => `      ${l}`)
        .join('\n')}`,
    )
    return false
  }
}

const libs = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir) }))
  .filter(({ dir }) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'index.ts')))
  .map(({ dir }) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private)

const packDir = join(root, '.pkg-check')
rmSync(packDir, { recursive: true, force: true })
mkdirSync(packDir, { recursive: true })

check('build all published packages', () => {
  run('pnpm', ['exec', 'turbo', 'run', 'build', ...libs.flatMap(({ pkg }) => ['--filter', pkg.name])], root)
})

const privateNames = privateWorkspacePackages(root)
const rootLicense = readFileSync(join(root, 'LICENSE'), 'utf8')
const tarballs = []
for (const { dir, pkg } of libs) {
  const name = pkg.name
  let tarball
  const packed = check(`${name}: pnpm pack`, () => {
    const before = new Set(readdirSync(packDir))
    run('pnpm', ['pack', '--pack-destination', packDir], dir)
    const created = readdirSync(packDir).filter((f) => f.endsWith('.tgz') && !before.has(f))
    if (created.length !== 1) throw new Error(`expected one tarball, got ${created.join(', ') || 'none'}`)
    tarball = join(packDir, created[0])
    const manifest = JSON.parse(run('tar', ['-xOzf', tarball, 'package/package.json'], root))
    if (JSON.stringify(manifest.exports).includes('@wiretuner/source'))
      throw new Error('packed exports still name the source condition')
    return created[0]
  })
  if (!packed) continue
  tarballs.push({ name, tarball, pkg })
  check(`${name}: packed manifest (no private workspace package, LICENSE, metadata, no maps)`, () => {
    const files = tarballFiles(tarball)
    const packedLicense = files.includes('LICENSE')
      ? run('tar', ['-xOzf', tarball, 'package/LICENSE'], root)
      : ''
    return checkPackedManifest({
      manifest: JSON.parse(run('tar', ['-xOzf', tarball, 'package/package.json'], root)),
      files,
      license: { root: rootLicense, packed: packedLicense },
      privateNames,
    })
  })
  check(`${name}: publint`, () => {
    const out = run('pnpm', ['exec', 'publint', 'run', tarball, '--strict'], root)
    return out.trim().split('\n').at(-1)
  })
  check(`${name}: attw (esm-only)`, () => {
    run('pnpm', ['exec', 'attw', tarball, '--profile', 'esm-only', '--format', 'ascii'], root)
  })
}

const scratch = mkdtempSync(join(tmpdir(), 'wiretuner-pkg-check-'))
const installed = check('install tarballs into a scratch project outside the workspace', () => {
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
  )
  // fast-check is an optional peer of event-schema's `testing` entry; install it to import that entry.
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      'fast-check@4',
      ...tarballs.map((t) => t.tarball),
    ],
    scratch,
  )
  // Reuse the workspace's compiled better-sqlite3 (same version) instead of a second source build.
  const scratchSqlite = join(scratch, 'node_modules', 'better-sqlite3')
  if (existsSync(scratchSqlite)) {
    const wanted = JSON.parse(readFileSync(join(scratchSqlite, 'package.json'), 'utf8')).version
    const pnpmDir = join(
      root,
      'node_modules',
      '.pnpm',
      `better-sqlite3@${wanted}`,
      'node_modules',
      'better-sqlite3',
      'build',
    )
    if (existsSync(pnpmDir)) cpSync(pnpmDir, join(scratchSqlite, 'build'), { recursive: true })
    else run('npm', ['rebuild', 'better-sqlite3'], scratch)
  }
  return scratch
})

if (installed) {
  for (const { name, pkg } of tarballs) {
    const entries = Object.keys(pkg.publishConfig?.exports ?? { '.': null }).filter(
      (k) => k !== './package.json',
    )
    for (const entry of entries) {
      const spec = entry === '.' ? name : `${name}/${entry.slice(2)}`
      check(`${spec}: import from plain Node`, () => {
        // A JSON entry (the JSON Schema) is a JSON module: imported with its attribute, its default is the document.
        const code = entry.endsWith('.json')
          ? `const m = await import(${JSON.stringify(spec)}, { with: { type: 'json' } }); const k = Object.keys(m.default); if (k.length === 0) throw new Error('empty JSON'); console.log(k.length + ' keys')`
          : `const m = await import(${JSON.stringify(spec)}); const k = Object.keys(m); if (k.length === 0) throw new Error('no exports'); console.log(k.length + ' exports')`
        return run('node', ['--input-type=module', '-e', code], scratch).trim()
      })
    }
  }
  if (tarballs.some((t) => t.name === '@wiretuner/io-services')) {
    check('@wiretuner/io-services/node: opens an in-memory file from plain Node', () => {
      const code = `import * as io from '@wiretuner/io-services/node'; const f = await io.openWireTunerFile(':memory:'); f.close(); console.log('ok')`
      return run('node', ['--input-type=module', '-e', code], scratch).trim()
    })
  }
  const cli = tarballs.find((t) => t.name === '@wiretuner/cli')
  if (cli) cliSmokeChecks(scratch, cli.pkg.version, check)
  await checkBrowserEntries()
}

/** Every browser entry bundles and runs in headless Chromium; the Node-only entries do not bundle. */
async function checkBrowserEntries() {
  const dir = join(scratch, 'browser')
  mkdirSync(dir, { recursive: true })
  const { server, origin } = await serveDirectory(dir)
  const browser = await launchChromium()
  try {
    for (const [index, { spec, code }] of BROWSER_SMOKES.entries()) {
      await checkAsync(`${spec}: bundles for the browser and runs in headless Chromium`, async () => {
        await bundleForBrowser(dir, `smoke-${index}`, code)
        return runInBrowser(browser, origin, dir, `smoke-${index}`)
      })
    }
    for (const [index, entry] of NODE_ONLY_ENTRIES.entries()) {
      await checkAsync(`${entry}: does NOT bundle for the browser`, async () => {
        try {
          await bundleForBrowser(
            dir,
            `node-entry-${index}`,
            `import * as m from '${entry}'\nconsole.log(m)\n`,
          )
        } catch (error) {
          const first = error.errors?.[0]?.text
          if (first === undefined) throw error
          return `esbuild: ${first}`
        }
        throw new Error(`${entry} bundled for the browser`)
      })
    }
  } finally {
    await browser.close()
    server.close()
  }
}
rmSync(scratch, { recursive: true, force: true })

const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
mkdirSync(join(root, 'reports'), { recursive: true })
writeFileSync(join(root, 'reports', 'check-pkg.json'), JSON.stringify({ passed, failed, results }, null, 2))
console.log(`check:pkg: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
