/**
 * The engine inside the Worker: a table of open replay sessions, each over its own OPFS file
 * (`openOpfsFile`), and one handler per request of the protocol. Handlers run one at a time
 * (serve.ts queues them), so a session is never used by two requests at once.
 */

import type { DraftEvent } from '@wiretuner/event-schema'
import {
  deleteOpfsFile,
  exportOpfsFile,
  importOpfsFile,
  listOpfsFiles,
  type OpfsFile,
  openOpfsFile,
} from '@wiretuner/io-services/browser'
import type { Sampler } from '@wiretuner/replay'
import {
  collectUndoGroups,
  createSampler,
  createSession,
  type DocumentSession,
  openSession,
  ReplayError,
  type SessionOptions,
} from '@wiretuner/replay'
import { documentToJson, exportSvg } from '@wiretuner/vector-model'
import { WorkerError } from './errors.js'
import type {
  EngineOp,
  EngineOps,
  EngineRequest,
  OpenedSession,
  OpenSessionOptions,
  SessionSummary,
} from './protocol.js'

interface OpenSession {
  readonly handle: number
  readonly name: string
  readonly file: OpfsFile
  readonly session: DocumentSession
  /** The session's gesture sampler (feeds `session.dispatch`). */
  readonly sampler: Sampler<DraftEvent>
  /** A failure of the sampler's trailing timer, reported by the next `sample`/`endGesture`. */
  timerError: unknown
}

/** A handler's answer: the reply value and the buffers to transfer with it. */
export interface HandlerResult {
  readonly value: unknown
  readonly transfer: readonly ArrayBuffer[]
}

type Handlers = {
  [K in EngineOp]: (
    request: Extract<EngineRequest, { op: K }>,
  ) => Promise<EngineOps[K]['value']> | EngineOps[K]['value']
}

function sessionOptions(options: OpenSessionOptions): SessionOptions {
  return {
    ...(options.checkpointEvery === undefined ? {} : { checkpointEvery: options.checkpointEvery }),
    ...(options.maxCheckpoints === undefined ? {} : { maxCheckpoints: options.maxCheckpoints }),
    ...(options.snapshotEvery === undefined ? {} : { snapshotEvery: options.snapshotEvery }),
  }
}

/** The document to open: the given id, or the file's only document. */
function documentToOpen(file: OpfsFile, name: string, options: OpenSessionOptions): string {
  if (options.documentId !== undefined) return options.documentId
  const documents = file.listDocuments()
  const only = documents[0]
  if (documents.length !== 1 || only === undefined) {
    throw new ReplayError(
      'unknown-document',
      `open ${name}: the file holds ${documents.length} documents; say which one to open (documentId)`,
    )
  }
  return only.documentId
}

/** The open sessions of one Worker and the protocol's handlers over them. */
export class EngineHost {
  readonly #sessions = new Map<number, OpenSession>()
  #nextHandle = 1

  readonly #handlers: Handlers = {
    list: () => listOpfsFiles(),
    import: (r) => importOpfsFile(r.name, r.bytes),
    export: (r) => {
      const open = [...this.#sessions.values()].find((s) => s.name === r.name)
      return open === undefined ? exportOpfsFile(r.name) : open.file.export()
    },
    delete: async (r) => {
      await deleteOpfsFile(r.name)
      return null
    },
    create: (r) =>
      this.#openWith(r.name, r.options, false, (file) =>
        createSession(file, r.document, sessionOptions(r.options)),
      ),
    open: (r) =>
      this.#openWith(r.name, r.options, true, async (file) => {
        const documentId = documentToOpen(file, r.name, r.options)
        // the newest snapshot inflated natively (DecompressionStream) rather than by pako
        await file.prefetchLatestSnapshot(documentId)
        return openSession(file, documentId, sessionOptions(r.options))
      }),
    dispatch: (r) => {
      const { session, sampler } = this.#get(r.session)
      sampler.flush()
      const events = session.dispatch(r.events.map((init) => session.createEvent(init)))
      return { events, summary: this.#summary(r.session) }
    },
    sample: (r) => {
      const open = this.#get(r.session)
      this.#throwTimerError(open)
      for (const init of r.events) open.sampler.push(open.session.createEvent(init))
      return null
    },
    endGesture: (r) => {
      const open = this.#get(r.session)
      open.sampler.endGesture()
      this.#throwTimerError(open)
      return this.#summary(r.session)
    },
    undo: (r) => {
      this.#get(r.session).sampler.flush()
      this.#get(r.session).session.undo()
      return this.#summary(r.session)
    },
    redo: (r) => {
      this.#get(r.session).sampler.flush()
      this.#get(r.session).session.redo()
      return this.#summary(r.session)
    },
    documentAt: (r) => documentToJson(this.#get(r.session).session.documentAt(r.sequence)),
    svgAt: (r) => {
      const doc = this.#get(r.session).session.documentAt(r.sequence)
      return exportSvg(doc, r.artboardId === undefined ? {} : { artboardId: r.artboardId })
    },
    prepareTimeTravel: (r) => this.#get(r.session).session.prepareTimeTravel().length,
    events: (r) => {
      const { session } = this.#get(r.session)
      return [...session.storage.readEvents(session.documentId, { from: r.from, to: r.to })]
    },
    undoGroups: (r) => {
      const { session } = this.#get(r.session)
      const items = session.storage.readEvents(session.documentId)
      return collectUndoGroups(
        (function* () {
          for (const item of items) if (item.kind === 'event') yield item
        })(),
      )
    },
    describe: (r) => {
      const { session } = this.#get(r.session)
      const metadata = session.storage.getMetadata(session.documentId)
      if (metadata === undefined)
        throw new ReplayError(
          'unknown-document',
          `describe: document ${session.documentId} is gone from its file`,
        )
      return { metadata, snapshots: session.storage.listSnapshots(session.documentId) }
    },
    validate: (r) => this.#get(r.session).file.validate(),
    close: (r) => {
      const open = this.#get(r.session)
      this.#sessions.delete(r.session)
      try {
        open.sampler.dispose()
        open.session.close()
      } finally {
        open.file.close()
      }
      return null
    },
  }

  /** Runs one request; resolves with its value (and the buffers to transfer) or rejects with its error. */
  async handle(request: EngineRequest): Promise<HandlerResult> {
    const handler = this.#handlers[request.op] as (r: EngineRequest) => unknown
    const value = await handler(request)
    return { value, transfer: value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : [] }
  }

  /** Closes every open session and its file (the Worker is going away). */
  closeAll(): void {
    for (const handle of [...this.#sessions.keys()]) {
      const open = this.#sessions.get(handle)
      this.#sessions.delete(handle)
      try {
        open?.sampler.dispose()
        open?.session.close()
      } finally {
        open?.file.close()
      }
    }
  }

  async #openWith(
    name: string,
    options: OpenSessionOptions,
    existing: boolean,
    start: (file: OpfsFile) => DocumentSession | Promise<DocumentSession>,
  ): Promise<OpenedSession> {
    const readOnly = existing && options.readOnly === true
    const file = await openOpfsFile(name, { create: !existing, readOnly })
    let session: DocumentSession
    try {
      session = await start(file)
    } catch (error) {
      file.close()
      throw error
    }
    const handle = this.#nextHandle++
    const open: OpenSession = {
      handle,
      name,
      file,
      session,
      timerError: undefined,
      sampler: createSampler<DraftEvent>({
        emit: (event) => session.dispatch(event),
        onError: (error) => {
          open.timerError ??= error
        },
      }),
    }
    this.#sessions.set(handle, open)
    return { ...this.#summary(handle), loadReport: session.loadReport }
  }

  /** Rethrows (once) a failure of the session's sampler timer. */
  #throwTimerError(open: OpenSession): void {
    const error = open.timerError
    if (error === undefined) return
    open.timerError = undefined
    throw error
  }

  #get(handle: number): OpenSession {
    const open = this.#sessions.get(handle)
    if (open === undefined)
      throw new WorkerError(
        'unknown-session',
        `session ${handle} is not open in this Worker (never opened, or closed)`,
      )
    return open
  }

  #summary(handle: number): SessionSummary {
    const { name, file, session } = this.#get(handle)
    return {
      session: handle,
      name,
      documentId: session.documentId,
      title: file.getMetadata(session.documentId)?.title ?? '',
      sequence: session.sequence,
      canUndo: session.canUndo,
      canRedo: session.canRedo,
      undoLabel: session.undoLabel,
      redoLabel: session.redoLabel,
      lastSnapshotSequence: session.lastSnapshotSequence,
      readOnly: file.readOnly,
    }
  }
}
