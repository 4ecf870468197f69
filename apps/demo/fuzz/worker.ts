/**
 * A fuzz worker (a child process of `run.ts`): for each case it is sent, damages a fresh copy of
 * the base file, hashes it, runs `info`, `validate`, `replay` and `replay --to` a random sequence,
 * each with and without snapshots (the real CLI dispatcher, in this process), opens a
 * read-only session and the viewer's backend (info, event pages, the state at a sequence), hashes the file again and
 * answers with the outcomes and the case's class. The parent's watchdog kills a worker whose
 * case runs over the time limit (a hang) and counts a worker that dies as a crash.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '@wiretuner/cli'
import { documentHash } from '@wiretuner/cli/command-kit'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { openSession } from '@wiretuner/replay'
import { Folder, initialState } from '@wiretuner/replay/advanced'
import { createRandom } from '@wiretuner/replay/testing'
import { commands } from '../src/commands/index.ts'
import { createFileBackend } from '../src/server/file-backend.ts'
import { openViewerSession } from '../src/server/viewer-session.ts'
import { type CaseClass, classify, type Outcome } from './classify.ts'
import { DAMAGE_KINDS } from './damage.ts'
import type { FuzzSetup } from './setup.ts'

/** What the parent sends: the campaign's base files and a case to run. */
export interface CaseRequest {
  readonly setup: FuzzSetup
  readonly dir: string
  readonly seed: string
  readonly index: number
}

/** What the worker answers. */
export interface CaseResult {
  readonly index: number
  readonly damage: string
  readonly detail: string
  readonly outcomes: Readonly<Record<string, Outcome>>
  readonly class: CaseClass
  /** Error codes and first lines of crashes, for the report. */
  readonly notes: readonly string[]
}

/** Document hashes of the undamaged file after every sequence, by file (computed once per worker). */
const healthyHashes = new Map<string, readonly string[]>()

async function hashesOf(path: string): Promise<readonly string[]> {
  const cached = healthyHashes.get(path)
  if (cached !== undefined) return cached
  const storage = await openWireTunerFile(path, { readOnly: true, create: false })
  try {
    const documentId = storage.listDocuments()[0]?.documentId as string
    const folder = new Folder(initialState(documentId))
    const hashes: string[] = []
    for (const item of storage.readEvents(documentId)) {
      if (item.kind !== 'event' || folder.apply(item.event) !== undefined)
        throw new Error(`the base file is not clean at ${item.kind === 'gap' ? item.from : item.sequence}`)
      hashes.push(documentHash(folder.state().document))
    }
    healthyHashes.set(path, hashes)
    return hashes
  } finally {
    storage.close()
  }
}

function fileHash(path: string): string {
  const hash = createHash('sha256')
  for (const p of [path, `${path}-wal`]) if (existsSync(p)) hash.update(readFileSync(p))
  return hash.digest('hex')
}

async function cli(args: readonly string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let stdout = ''
  const io = {
    stdout: (t: string) => {
      stdout += t
    },
    stderr: () => {},
  }
  const code = await runCli([...args, '--json'], { commands, io })
  const line = stdout.trim().split('\n').at(-1) ?? '{}'
  return { code, json: JSON.parse(line) as Record<string, unknown> }
}

function failure(json: Record<string, unknown>, notes: string[]): Outcome {
  const error = json.error as { code?: string; message?: string } | undefined
  if (error?.code === 'internal' || error?.code === undefined) {
    notes.push(`crash: ${String(error?.message).slice(0, 200)}`)
    return 'crash'
  }
  return 'typed-error'
}

/** One CLI command's outcome; a document hash in its output is compared with `healthy`. */
async function command(args: readonly string[], healthy: string, notes: string[]): Promise<Outcome> {
  const { code, json } = await cli(args)
  if (json.ok === false) return failure(json, notes)
  if (code !== 0) return 'reported'
  if (typeof json.sha256 === 'string' && json.sha256 !== healthy) return 'differs'
  return 'healthy'
}

type ReadOnlyFile = Awaited<ReturnType<typeof openWireTunerFile>>

/**
 * Opens `path` read-only and runs `read` on its first document; a typed error from either is
 * 'typed-error', anything else a crash; no document is 'reported'.
 */
async function onFirstDocument(
  path: string,
  notes: string[],
  read: (storage: ReadOnlyFile, documentId: string) => Outcome,
): Promise<Outcome> {
  let storage: ReadOnlyFile
  try {
    storage = await openWireTunerFile(path, { readOnly: true, create: false })
  } catch (error) {
    return typed(error, notes)
  }
  try {
    const documentId = storage.listDocuments()[0]?.documentId
    if (documentId === undefined) return 'reported'
    return read(storage, documentId)
  } catch (error) {
    return typed(error, notes)
  } finally {
    storage.close()
  }
}

function session(path: string, healthy: string, notes: string[]): Promise<Outcome> {
  return onFirstDocument(path, notes, (storage, documentId) => {
    const s = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
    try {
      const report = s.loadReport
      if (report.problems.length > 0 || report.skippedSnapshots.length > 0) return 'reported'
      return documentHash(s.document) === healthy ? 'healthy' : 'differs'
    } finally {
      s.close()
    }
  })
}

/** The viewer's backend (what its HTTP API answers): info, event pages and the state at `at`. */
function viewer(path: string, at: number, healthy: string, notes: string[]): Promise<Outcome> {
  return onFirstDocument(path, notes, (storage, documentId) => {
    const { session } = openViewerSession(storage, documentId)
    const backend = createFileBackend({
      file: storage,
      path,
      documentId,
      documentAt: (s) => session.documentAt(s),
    })
    try {
      const head = backend.info().headSequence
      backend.events(0, 99)
      const events = backend.events(Math.max(0, head - 99), head)
      if (at > head) return 'reported'
      const state = backend.state(at)
      if (state.sequence !== at) return 'differs'
      const damaged = events.some((e) => e.problem !== undefined) || session.loadReport.problems.length > 0
      if (damaged) return 'reported'
      return documentHash(session.documentAt(at)) === healthy ? 'healthy' : 'differs'
    } finally {
      backend.close()
      session.close()
    }
  })
}

function typed(error: unknown, notes: string[]): Outcome {
  const code = (error as { code?: unknown }).code
  const name = (error as Error).name
  if (typeof code === 'string' && /Error$/.test(name) && name !== 'Error') return 'typed-error'
  notes.push(`crash (session): ${name}: ${String((error as Error).message).slice(0, 200)}`)
  return 'crash'
}

/** Runs one case; see the module comment. */
export async function runCase(request: CaseRequest): Promise<CaseResult> {
  const { setup, seed, index } = request
  const dir = join(request.dir, `case-${index}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  try {
    const target = join(dir, 'case.wiretuner')
    copyFileSync(setup.file, target)
    const random = createRandom(`${seed}/${index}`)
    const kind = random.pick(DAMAGE_KINDS)
    const detail = kind.apply(target, setup, random)
    const before = fileHash(target)
    const notes: string[] = []
    const hashes = await hashesOf(setup.file)
    // a random sequence inside the log (inside a gap, a damaged range...): time travel
    const at = random.int(0, setup.events - 1)
    const outcomes: Record<string, Outcome> = {
      'replay --to': await command(['replay', target, '--to', String(at)], hashes[at] as string, notes),
      'replay --to --no-snapshots': await command(
        ['replay', target, '--to', String(at), '--no-snapshots'],
        hashes[at] as string,
        notes,
      ),
      info: await command(['info', target], setup.healthyHash, notes),
      replay: await command(['replay', target], setup.healthyHash, notes),
      'replay --no-snapshots': await command(['replay', target, '--no-snapshots'], setup.healthyHash, notes),
      session: await session(target, setup.healthyHash, notes),
      viewer: await viewer(target, at, hashes[at] as string, notes),
    }
    const validate = await command(['validate', target], setup.healthyHash, notes)
    const wrote = fileHash(target) !== before
    if (wrote) notes.push('a read changed the file')
    return {
      index,
      damage: kind.id,
      detail,
      outcomes: { ...outcomes, validate },
      class: classify(outcomes, validate, wrote),
      notes,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// as a child process of run.ts: one case per message, answered in order
if (process.send !== undefined) {
  process.on('message', (request: CaseRequest) => {
    runCase(request).then(
      (result) => process.send?.({ ok: true, result }),
      (error: unknown) =>
        process.send?.({ ok: false, index: request.index, error: String((error as Error)?.stack ?? error) }),
    )
  })
}
