// `pnpm check:pkg`'s acceptance of the packed CLI: in the scratch project outside the workspace
// (where the tarballs are installed with npm), a document is written with the installed
// libraries, then `npx wiretuner` (the installed bin, never fetched: --no) must print `info` and
// `validate` with exit 0, and refuse a missing file, a file that is not a WireTuner file and a bad
// option with ONE line on stderr (no npm/pnpm wrapping, no stack trace) and exit 1 / 1 / 2.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Events in the document the smoke test writes. */
const EVENTS = 3

const FIXTURE_SCRIPT = `
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createSession } from '@wiretuner/replay'
const file = await openWireTunerFile(process.argv[2], { create: true })
const session = createSession(file, { title: 'check:pkg' })
session.dispatch([
  session.createEvent({ eventType: 'CreateArtboardEvent', artboardId: 'a1', bounds: { x: 0, y: 0, width: 100, height: 100 } }),
  session.createEvent({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'a1' }),
])
session.close()
file.close()
`

/** Runs `npx --no -- wiretuner ...args` in `cwd` (`--` so npx takes no option of ours); never throws. */
function npx(cwd, args) {
  const r = spawnSync('npx', ['--no', '--', 'wiretuner', ...args], {
    cwd,
    encoding: 'utf8',
    env: process.env,
  })
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
}

function expectExit(run, code, what) {
  if (run.code !== code)
    throw new Error(
      `${what}: exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`,
    )
}

/** A failure: exactly one stderr line matching `pattern`, nothing on stdout. */
function expectOneLineError(run, code, pattern, what) {
  expectExit(run, code, what)
  const lines = run.stderr.trimEnd().split('\n')
  if (lines.length !== 1 || !pattern.test(lines[0] ?? ''))
    throw new Error(`${what}: expected one stderr line matching ${pattern}, got:\n${run.stderr}`)
  if (run.stdout !== '') throw new Error(`${what}: stdout should be empty, got:\n${run.stdout}`)
  return lines[0]
}

/** Adds the CLI's checks (through `check(name, fn)`) for the packed `version` installed in `scratch`. */
export function cliSmokeChecks(scratch, version, check) {
  const file = join(scratch, 'f.wiretuner')
  const written = check('@wiretuner/cli: a document written with the installed libraries', () => {
    writeFileSync(join(scratch, 'write-fixture.mjs'), FIXTURE_SCRIPT)
    const r = spawnSync('node', ['write-fixture.mjs', file], { cwd: scratch, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`)
    return `${EVENTS} events`
  })
  if (!written) return
  check('npx wiretuner info f.wiretuner (outside the workspace): exit 0, the document', () => {
    const r = npx(scratch, ['info', 'f.wiretuner'])
    expectExit(r, 0, 'info')
    const first = r.stdout.split('\n')[0] ?? ''
    if (!first.startsWith('file:') || !first.endsWith(file)) throw new Error(`first line: ${first}`)
    if (!new RegExp(`^events:\\s+${EVENTS}$`, 'm').test(r.stdout))
      throw new Error(`no 'events: ${EVENTS}':\n${r.stdout}`)
    if (r.stderr !== '') throw new Error(`stderr: ${r.stderr}`)
    return first
  })
  check('npx wiretuner validate f.wiretuner: exit 0, OK', () => {
    const r = npx(scratch, ['validate', 'f.wiretuner'])
    expectExit(r, 0, 'validate')
    if (!/: OK — \d+ checks, 0 failed/.test(r.stdout)) throw new Error(`validate said:\n${r.stdout}`)
    return r.stdout.split('\n')[0]?.replace(`${scratch}/`, '')
  })
  check('npx wiretuner --version: the packed version', () => {
    const r = npx(scratch, ['--version'])
    expectExit(r, 0, '--version')
    if (r.stdout.trim() !== `wiretuner ${version}`) throw new Error(`got ${r.stdout.trim()}`)
    return r.stdout.trim()
  })
  check('npx wiretuner info missing.wiretuner: exit 1, one line on stderr, no file created', () => {
    const r = npx(scratch, ['info', 'missing.wiretuner'])
    const line = expectOneLineError(
      r,
      1,
      /^wiretuner info: error: \/.*\/missing\.wiretuner: no such file$/,
      'missing file',
    )
    if (spawnSync('test', ['-e', join(scratch, 'missing.wiretuner')]).status === 0)
      throw new Error('info created the missing file')
    return line.replace(`${scratch}/`, '')
  })
  check('npx wiretuner validate package.json: exit 1, not a WireTuner file', () => {
    const r = npx(scratch, ['validate', 'package.json'])
    return expectOneLineError(
      r,
      1,
      /^wiretuner validate: error: .*package\.json is not a WireTuner file/,
      'not WireTuner',
    ).replace(`${scratch}/`, '')
  })
  check('npx wiretuner info f.wiretuner --bogus: exit 2 (usage)', () => {
    const r = npx(scratch, ['info', 'f.wiretuner', '--bogus'])
    return expectOneLineError(r, 2, /^wiretuner info: error: Unknown option '--bogus'/, 'usage')
  })
}
