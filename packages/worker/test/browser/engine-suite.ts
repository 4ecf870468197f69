/**
 * Browser suite of the engine Worker (runs in a Worker of headless Chromium; each engine is a
 * further Worker driven through `connectEngine`): replay's acceptance properties through the
 * client (snapshot + tail equals full replay; undo survives reopen in a NEW Worker), files between
 * Node and the browser, and typed errors across the boundary. engine.test.ts runs it.
 */
import { browserTestApi, fetchFile, serveSuiteInWorker, uploadFile } from '@wiretuner/browser-kit/runner'
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { StorageError } from '@wiretuner/io-services'
import { listOpfsFiles } from '@wiretuner/io-services/browser'
import { ReplayError } from '@wiretuner/replay'
import { foldEvents, initialState } from '@wiretuner/replay/advanced'
import { serializeDocument } from '@wiretuner/vector-model'
import type { EngineSession } from '../../src/index.js'
import { WorkerError } from '../../src/index.js'
import { warmUpEngine } from '../../src/warm-up.js'
import { dragMoves, drawing } from '../support/drawing.js'
import { BROWSER_MADE, NODE_MADE, WASM_AS_OCTETS } from '../support/fixtures.js'
import { startEngine, startEngineWithWasmUrl, uniqueName } from './engine-start.js'

const { describe, it, expect } = browserTestApi

/** Every stored event of the session's log, in order. */
async function allEvents(session: EngineSession): Promise<WireTunerEvent[]> {
  const items = await session.events(0, session.sequence)
  return items.flatMap((item) => (item.kind === 'event' ? [item.event] : []))
}

/** The document of a full replay of `events` (no snapshot), as deterministic bytes. */
function fullReplay(documentId: string, events: readonly WireTunerEvent[]): string {
  return serializeDocument(foldEvents(initialState(documentId), events).state.document)
}

/** Dispatches `events` in batches of `batch` (as an editor's gestures would arrive). */
async function dispatchAll(session: EngineSession, events: readonly unknown[], batch: number): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    await session.dispatch(events.slice(i, i + batch) as Parameters<EngineSession['dispatch']>[0])
  }
}

/** A new OPFS file made through an engine Worker (terminated afterwards): its name and head document. */
async function fileMadeInWorker(
  prefix: string,
  events: readonly unknown[],
  batch: number,
): Promise<{ readonly name: string; readonly document: string }> {
  const name = uniqueName(prefix)
  const maker = startEngine()
  try {
    const session = await maker.create(name, { title: prefix })
    await dispatchAll(session, events, batch)
    const document = serializeDocument(await session.documentAt(session.sequence))
    await session.close()
    return { name, document }
  } finally {
    maker.terminate()
  }
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the request to fail, it succeeded')
}

describe('snapshot + tail equals full replay (through the client)', () => {
  it('a reopened session starts from a stored state and equals the full replay at the head and at every k tried', async () => {
    const engine = startEngine()
    const name = uniqueName('acceptance')
    try {
      const session = await engine.create(name, { title: 'acceptance' })
      const created = session.sequence // createSession records the document's first event
      await dispatchAll(session, drawing(60, 2_440, 11), 100)
      expect(session.sequence).toBe(created + 2_502)
      await session.close()

      const reopened = await engine.open(name)
      expect(reopened.loadReport.baseSource).not.toBe('empty')
      expect(reopened.loadReport.fullReplay).toBe(false)
      expect(reopened.loadReport.eventsReplayed).toBeLessThan(1_000)
      expect(reopened.loadReport.problems).toEqual([])
      const events = await allEvents(reopened)
      expect(events).toHaveLength(created + 2_503)
      const head = await reopened.documentAt(reopened.sequence)
      expect(serializeDocument(head)).toBe(fullReplay(reopened.documentId, events))
      for (const k of [-1, 0, 61, 998, 999, 1_000, 1_777, 1_999, 2_000, 2_500]) {
        const at = serializeDocument(await reopened.documentAt(k))
        expect(at, `documentAt(${k})`).toBe(fullReplay(reopened.documentId, events.slice(0, k + 1)))
      }
      await reopened.close()
    } finally {
      engine.terminate()
    }
  })

  it('svgAt renders the same document documentAt returns', async () => {
    const engine = startEngine()
    try {
      const session = await engine.create(uniqueName('svg'), { title: 'svg' })
      await dispatchAll(session, drawing(5, 40), 45)
      const svg = await session.svgAt(20)
      expect(svg.startsWith('<svg')).toBe(true)
      expect(svg).not.toBe(await session.svgAt(44))
      await session.close()
    } finally {
      engine.terminate()
    }
  })
})

describe('gestures through the Worker sampler', () => {
  it('a 1 s drag pushed at 120 Hz is ~20 sampled moves in ONE undo group; one undo removes it', async () => {
    const engine = startEngine()
    try {
      const session = await engine.create(uniqueName('gesture'), { title: 'gesture' })
      await session.dispatch(drawing(1, 0, 1).slice(0, 3) as Parameters<EngineSession['dispatch']>[0])
      const before = session.sequence
      // each sample is stamped with its input time (as the editor does): the sampler's 50 ms
      // windows are a grid on those times, so the test knows which windows its input reached even
      // when a loaded box delivers the 120 Hz pushes late or unevenly
      const start = performance.now()
      const stamps: number[] = []
      for (let i = 1; i <= 120; i++) {
        while (performance.now() < start + (i * 1000) / 120) await new Promise((r) => setTimeout(r, 1))
        const timestamp = Date.now()
        stamps.push(timestamp)
        await session.sample({
          eventType: 'MoveObjectEvent',
          objectIds: ['rect-0'],
          delta: { x: 1, y: 0 },
          timestamp,
        })
      }
      const summary = await session.endGesture()
      const first = stamps[0] as number
      const windows = new Set(stamps.map((t) => Math.floor((t - first) / 50))).size
      const moves = (await allEvents(session)).filter((e) => e.eventType === 'MoveObjectEvent')
      expect((stamps.at(-1) as number) - first).toBeGreaterThanOrEqual(900)
      expect(windows).toBeGreaterThanOrEqual(10)
      // one move per window the input reached (+1 for the final position); a sample reaching the
      // Worker after its window was sent is folded into the next move, never lost
      expect(moves.length).toBeLessThanOrEqual(windows + 1)
      expect(moves.length).toBeGreaterThanOrEqual(windows - 2)
      expect(moves.reduce((sum, e) => sum + (e as { delta: { x: number } }).delta.x, 0)).toBe(120)
      expect(new Set(moves.map((e) => e.undoGroupId)).size).toBe(1)
      expect(moves.every((e) => e.samplingIntervalMs === 50)).toBe(true)
      expect(summary.undoLabel).toBe('Move Objects')
      const moved = await session.documentAt(session.sequence)
      const undone = await session.undo()
      expect(undone.canUndo).toBe(true)
      const after = await session.documentAt(undone.sequence)
      expect(serializeDocument(after)).toBe(serializeDocument(await session.documentAt(before)))
      expect(serializeDocument(after)).not.toBe(serializeDocument(moved))
      await session.close()
    } finally {
      engine.terminate()
    }
  })
})

describe('undo survives reopen (a new Worker on the same OPFS file)', () => {
  it('the undo and redo stacks, labels and document are those the first Worker left', async () => {
    const name = uniqueName('undo')
    const first = startEngine()
    const session = await first.create(name, { title: 'undo' })
    await dispatchAll(session, drawing(10, 200, 3), 20)
    await session.undo()
    await session.undo()
    await session.redo()
    const before = session.summary
    expect([before.canUndo, before.canRedo]).toEqual([true, true])
    const document = serializeDocument(await session.documentAt(session.sequence))
    await session.close()
    first.terminate()

    const second = startEngine()
    try {
      const reopened = await second.open(name)
      const visible = (s: typeof before) => [
        s.sequence,
        s.canUndo,
        s.canRedo,
        s.undoLabel,
        s.redoLabel,
        s.title,
      ]
      expect(visible(reopened.summary)).toEqual(visible(before))
      expect(serializeDocument(await reopened.documentAt(reopened.sequence))).toBe(document)
      await reopened.redo()
      await reopened.undo()
      await reopened.undo()
      expect(reopened.summary.redoLabel).toBe(before.undoLabel)
      await reopened.close()
    } finally {
      second.terminate()
    }
  })

  it('a second Worker cannot open a file the first one holds: opened-elsewhere, typed', async () => {
    const name = uniqueName('elsewhere')
    const first = startEngine()
    const second = startEngine()
    try {
      const session = await first.create(name, { title: 'held' })
      await session.dispatch(drawing(1, 0))
      const error = await failure(second.open(name))
      expect(error).toBeInstanceOf(StorageError)
      expect((error as StorageError).code).toBe('opened-elsewhere')
      const head = session.sequence
      await session.close()
      const now = await second.open(name)
      expect(now.sequence).toBe(head)
      await now.close()
    } finally {
      first.terminate()
      second.terminate()
    }
  })
})

describe('files between Node and the browser', () => {
  it('a browser-made file, exported, goes to Node (engine.test.ts validates it there)', async () => {
    const engine = startEngine()
    const name = uniqueName('export')
    try {
      const session = await engine.create(name, {
        documentId: BROWSER_MADE.documentId,
        title: 'made in Chromium',
      })
      await dispatchAll(session, drawing(30, 1_500, 5), 250)
      await session.undo()
      const report = await session.validate()
      expect(report.checks.filter((check) => check.status === 'fail')).toEqual([])
      const document = serializeDocument(await session.documentAt(session.sequence))
      await session.close()
      await uploadFile(BROWSER_MADE.file, await engine.export(name))
      await uploadFile(BROWSER_MADE.document, document)
      await engine.delete(name)
      expect(await engine.list()).not.toContain(name)
    } finally {
      engine.terminate()
    }
  })

  it('a Node-made file imported through the Worker opens to the document Node computed', async () => {
    const engine = startEngine()
    const name = uniqueName('import')
    try {
      const bytes = await fetchFile(NODE_MADE.file)
      const size = bytes.length
      const imported = await engine.import(name, bytes)
      expect(imported).toMatchObject({ name, bytes: size })
      expect(bytes.byteLength).toBe(0) // transferred to the Worker, not copied
      const session = await engine.open(name, { readOnly: true })
      const expected = new TextDecoder().decode(await fetchFile(NODE_MADE.document))
      expect(serializeDocument(await session.documentAt(session.sequence))).toBe(expected)
      const groups = await session.undoGroups()
      expect(groups.length).toBeGreaterThan(10)
      await session.close()
    } finally {
      engine.terminate()
    }
  })
})

describe('errors arrive typed, with the codes they have on Node', () => {
  it('StorageError: not-sqlite, not-found; the OPFS listing is unchanged', async () => {
    const engine = startEngine()
    try {
      const before = await engine.list()
      const notSqlite = await failure(
        engine.import(uniqueName('bad'), new TextEncoder().encode('not a database\n'.repeat(64))),
      )
      expect(notSqlite).toBeInstanceOf(StorageError)
      expect((notSqlite as StorageError).code).toBe('not-sqlite')
      const missing = await failure(engine.open(uniqueName('missing')))
      expect(missing).toBeInstanceOf(StorageError)
      expect((missing as StorageError).code).toBe('not-found')
      expect(await engine.list()).toEqual(before)
    } finally {
      engine.terminate()
    }
  })

  it('ReplayError: invalid-event, not-applicable, nothing-to-undo, sequence-out-of-range; nothing appended', async () => {
    const engine = startEngine()
    try {
      const session = await engine.create(uniqueName('replay-errors'), { title: 'errors' })
      const head = session.sequence
      const cases: [Promise<unknown>, string][] = [
        [session.dispatch({ eventType: 'CreateLayerEvent', layerId: 42 } as never), 'invalid-event'],
        [
          session.dispatch({ eventType: 'CreateLayerEvent', layerId: 'layer-x', artboardId: 'nowhere' }),
          'not-applicable',
        ],
        [session.undo(), 'nothing-to-undo'],
        [session.documentAt(5), 'sequence-out-of-range'],
      ]
      for (const [promise, code] of cases) {
        const error = await failure(promise)
        expect(error, code).toBeInstanceOf(ReplayError)
        expect((error as ReplayError).code).toBe(code)
        expect(error.message.length).toBeGreaterThan(20)
      }
      expect(session.sequence).toBe(head)
      expect((await session.events(0, 10)).length).toBe(head + 1)
      await session.close()
    } finally {
      engine.terminate()
    }
  })

  it('WorkerError: unknown-session, invalid-request, worker-closed', async () => {
    const engine = startEngine()
    const session = await engine.create(uniqueName('worker-errors'), { title: 'errors' })
    await session.close()
    const closed = await failure(session.dispatch(dragMoves(1, 1)))
    expect(closed).toBeInstanceOf(WorkerError)
    expect((closed as WorkerError).code).toBe('unknown-session')
    const bad = await failure(engine.call('documentAt', { session: 1, sequence: 'x' as unknown as number }))
    expect(bad).toBeInstanceOf(WorkerError)
    expect((bad as WorkerError).code).toBe('invalid-request')
    expect(bad.message).toContain('"sequence"')
    const unknownOp = await failure(engine.call('format-disk' as 'list', {}))
    expect((unknownOp as WorkerError).code).toBe('invalid-request')
    const pending = engine.list()
    engine.terminate()
    const terminated = await failure(pending)
    expect((terminated as WorkerError).code).toBe('worker-closed')
  })
})

describe('the SQLite WASM load (sqlite.wasmUrl)', () => {
  it('a given wasmUrl loads the module: served as application/wasm (streaming compile) or as plain bytes (compiled from its bytes), the file opens the same', async () => {
    const { name, document: expected } = await fileMadeInWorker('wasm-url', drawing(5, 120, 3), 50)
    for (const wasm of ['sqlite3.wasm', `files/${WASM_AS_OCTETS}`]) {
      const engine = startEngineWithWasmUrl(wasm)
      try {
        const session = await engine.open(name, { readOnly: true })
        expect(serializeDocument(await session.documentAt(session.sequence)), wasm).toBe(expected)
        await session.close()
      } finally {
        engine.terminate()
      }
    }
  })

  it('a wasmUrl that cannot load: a missing file is still not-found; a create is a typed io error naming the load, again on retry; nothing is left listed', async () => {
    const engine = startEngineWithWasmUrl('missing/sqlite3.wasm')
    try {
      for (const attempt of [1, 2]) {
        const error = await failure(engine.open(uniqueName('no-wasm')))
        expect(error, `attempt ${attempt}`).toBeInstanceOf(StorageError)
        expect((error as StorageError).code).toBe('not-found') // no such file: OPFS answers first
      }
      const names = [uniqueName('no-wasm'), uniqueName('no-wasm')]
      const created = await failure(engine.create(names[0] ?? ''))
      expect(created).toBeInstanceOf(StorageError)
      expect((created as StorageError).code).toBe('io')
      expect(created.message).toContain('cannot load the SQLite WASM module')
      const again = await failure(engine.create(names[1] ?? ''))
      expect((again as StorageError).code).toBe('io') // retried, and reported again
      const listed = await engine.list()
      for (const name of names) expect(listed).not.toContain(name)
    } finally {
      engine.terminate()
    }
  })
})

describe('the warm-up while no request has come (warm-up.ts)', () => {
  it('runs the open path to the end on a scratch in-memory database and leaves OPFS as it was', async () => {
    const before = (await listOpfsFiles()).sort()
    let checks = 0
    expect(await warmUpEngine(() => ++checks > 0)).toBe(true)
    expect(checks).toBeGreaterThan(3) // it checked for a request between its steps
    expect((await listOpfsFiles()).sort()).toEqual(before)
  })

  it('does nothing when a request has already come, and stops at the first check after one arrives', async () => {
    expect(await warmUpEngine(() => false)).toBe(false)
    let checks = 0
    expect(await warmUpEngine(() => ++checks < 3)).toBe(false)
    expect(checks).toBe(3)
  })

  it('an engine Worker left idle opens a file to the same document as one that opens it at once', async () => {
    const { name, document: expected } = await fileMadeInWorker('warm-up', drawing(30, 1_500, 5), 100)
    for (const idleMs of [0, 30, 600]) {
      const engine = startEngine()
      try {
        await new Promise((resolve) => setTimeout(resolve, idleMs))
        const session = await engine.open(name, { readOnly: true })
        expect(serializeDocument(await session.documentAt(session.sequence)), `idle ${idleMs} ms`).toBe(
          expected,
        )
        expect(await engine.list(), `idle ${idleMs} ms`).toContain(name)
        await session.close()
      } finally {
        engine.terminate()
      }
    }
  })
})

serveSuiteInWorker()
