/**
 * Combined writes to the `-wal` (and database) file of an OPFS connection. SQLite appends a WAL frame as two
 * writes (its 24-byte header, then the page), so a 1,000-event commit made ~150 `xWrite` calls,
 * each one synchronous access handle `write()` through the `opfs-sahpool` VFS (~10 µs each in
 * Chromium, against ~1 µs for a `pwrite` on Node; issue 13). Here contiguous writes are gathered
 * in one WASM-heap buffer and handed to the VFS as one write.
 *
 * What SQLite sees is unchanged: before ANY other call on the file (read, sync, size, truncate,
 * lock, file control, close) the gathered bytes are written, so every read, every `flush()` and
 * every size sees them, exactly as if written one by one; a non-contiguous write, or a full
 * buffer, writes them first too, so they reach the file in SQLite's order. And the end of every
 * commit frame (a frame whose header carries the database size: the WAL format's commit marker)
 * writes them at once, so each committed transaction is in the file when `COMMIT` returns, also
 * under `synchronous = NORMAL`, which does not sync the WAL at commits. A failed write is returned
 * by the call that wrote it (an I/O error then fails that call's statement, as a failed `xWrite`
 * would have). The database file is wrapped too (in WAL mode only checkpoints write it: ~1,000
 * page writes each, mostly contiguous), without the commit rule: a checkpoint syncs the database
 * before the WAL may be reused, and the sync writes the gathered pages first; so the database file
 * is wrapped only under `synchronous` NORMAL or FULL (with OFF a checkpoint does not sync).
 *
 * The wrapping replaces each open file's `pMethods` with methods that delegate to the VFS's own
 * (version-1 I/O methods only: anything newer is left alone).
 */
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm'

type Pointer = number

/** Bytes gathered at most before they are written (a 1,000-event commit is ~0.7 MiB). */
const DEFAULT_CAPACITY = 1 << 20
/** A WAL frame header's size, and the offset of the first frame (after the WAL header). */
const FRAME_HEADER = 24
const WAL_HEADER = 32
const SQLITE_OK = 0
const SQLITE_IOERR = 10
const SQLITE_FCNTL_FILE_POINTER = 7
const SQLITE_FCNTL_JOURNAL_POINTER = 28

/** The version-1 methods of `sqlite3_io_methods`, in struct order. */
const METHODS = [
  'xClose',
  'xRead',
  'xWrite',
  'xTruncate',
  'xSync',
  'xFileSize',
  'xLock',
  'xUnlock',
  'xCheckReservedLock',
  'xFileControl',
  'xSectorSize',
  'xDeviceCharacteristics',
] as const
type Method = (typeof METHODS)[number]
/** A WASM function of the VFS, called from JavaScript (64-bit offsets as BigInt). */
type Native = (...args: (number | bigint)[]) => number

/** One wrapped file: the VFS's own methods and the gathered bytes. */
interface WalFile {
  readonly native: Readonly<Record<Method, Native>>
  /** The WAL's page size (commit frames end at header + page), or 0: the database file, no commit rule. */
  readonly pageSize: number
  /** Start of the gathered bytes in the WASM heap (allocated once per file), and its size. */
  readonly buffer: Pointer
  readonly capacity: number
  /** File offset of the first gathered byte, and how many are gathered. */
  start: number
  length: number
  /** File offset where the last commit frame begun ends, until a write reaches it; or -1. */
  commitEnd: number
}

/** The struct accessors this module uses (the library's typings omit the `$` members). */
type Struct = { readonly pointer: Pointer; dispose(): void } & Record<string, Pointer>

/** Per SQLite module: the wrapping methods (one struct for every file) and the wrapped files. */
interface Wrapping {
  readonly struct: Struct
  readonly files: Map<Pointer, WalFile>
}
const wrappings = new WeakMap<Sqlite3Static, Wrapping>()

/** Writes the gathered bytes of `file`; the VFS's result code. */
function writeOut(pFile: Pointer, file: WalFile): number {
  if (file.length === 0) return SQLITE_OK
  const { length, start } = file
  file.length = 0
  return file.native.xWrite(pFile, file.buffer, length, BigInt(start))
}

function wrappingOf(sqlite3: Sqlite3Static): Wrapping {
  const known = wrappings.get(sqlite3)
  if (known !== undefined) return known
  const { capi, wasm } = sqlite3
  const files = new Map<Pointer, WalFile>()
  // every method writes the gathered bytes first, then delegates; the two that touch no data
  // (sector size, device characteristics) only delegate; close and write are below
  const passThrough =
    (name: Method) =>
    (pFile: Pointer, ...args: (number | bigint)[]) => {
      const file = files.get(pFile)
      return file === undefined ? SQLITE_IOERR : file.native[name](pFile, ...args)
    }
  const flushing =
    (name: Method) =>
    (pFile: Pointer, ...args: (number | bigint)[]) => {
      const file = files.get(pFile)
      if (file === undefined) return SQLITE_IOERR
      const rc = writeOut(pFile, file)
      return rc === SQLITE_OK ? file.native[name](pFile, ...args) : rc
    }
  const methods: Record<string, (...args: never[]) => number> = {}
  for (const name of METHODS) methods[name] = flushing(name)
  methods.xSectorSize = passThrough('xSectorSize')
  methods.xDeviceCharacteristics = passThrough('xDeviceCharacteristics')
  methods.xClose = (pFile: Pointer) => {
    const file = files.get(pFile)
    if (file === undefined) return SQLITE_IOERR
    const written = writeOut(pFile, file)
    files.delete(pFile)
    wasm.dealloc(file.buffer)
    const rc = file.native.xClose(pFile)
    return written === SQLITE_OK ? rc : written
  }
  methods.xWrite = (pFile: Pointer, pSrc: Pointer, amount: number, offset64: bigint) => {
    const file = files.get(pFile)
    if (file === undefined) return SQLITE_IOERR
    const offset = Number(offset64)
    let rc = SQLITE_OK
    if (file.length > 0 && (offset !== file.start + file.length || file.length + amount > file.capacity))
      rc = writeOut(pFile, file)
    if (rc !== SQLITE_OK) return rc
    if (amount > file.capacity) return file.native.xWrite(pFile, pSrc, amount, offset64)
    const heap = wasm.heap8u()
    if (file.length === 0) file.start = offset
    heap.copyWithin(file.buffer + file.length, pSrc, pSrc + amount)
    file.length += amount
    if (file.pageSize > 0 && amount === FRAME_HEADER && offset >= WAL_HEADER && isCommitHeader(heap, pSrc))
      file.commitEnd = offset + FRAME_HEADER + file.pageSize
    // (the commit frame's end may come after other flushes: a full buffer, SQLite's sync point)
    if (file.commitEnd === -1 || offset + amount < file.commitEnd) return rc
    file.commitEnd = -1
    return writeOut(pFile, file)
  }
  const struct = new capi.sqlite3_io_methods() as unknown as Struct
  struct.$iVersion = 1
  sqlite3.vfs.installVfs({ io: { struct: struct as never, methods: methods as never } })
  const wrapping = { struct, files }
  wrappings.set(sqlite3, wrapping)
  return wrapping
}

/** True when the 24-byte frame header at `pointer` is a commit frame's (bytes 4-7, the database size, non-zero). */
function isCommitHeader(heap: Uint8Array, pointer: Pointer): boolean {
  for (let i = 4; i < 8; i++) if (heap[pointer + i] !== 0) return true
  return false
}

/** The open file of `db`'s main database (`op`: its database file or its journal / WAL), or 0. */
function fileOf(sqlite3: Sqlite3Static, db: Database, op: number): Pointer {
  const { capi, wasm } = sqlite3
  const stack = wasm.pstack.pointer
  try {
    const out = wasm.pstack.allocPtr() as Pointer
    wasm.pokePtr(out, 0)
    if (capi.sqlite3_file_control(db, 'main', op as never, out) !== SQLITE_OK) return 0
    return wasm.peekPtr(out) as Pointer
  } finally {
    wasm.pstack.restore(stack)
  }
}

/** Wraps the open file `pFile` (a no-op when it is wrapped already); false when it cannot be. */
function wrap(sqlite3: Sqlite3Static, pFile: Pointer, pageSize: number, capacity: number): boolean {
  const { capi, wasm } = sqlite3
  if (pFile === 0) return false
  const handle = new capi.sqlite3_file(pFile) as unknown as Struct
  try {
    const pMethods = handle.$pMethods as Pointer
    if (pMethods === 0) return false
    const { struct, files } = wrappingOf(sqlite3)
    if (pMethods === struct.pointer) return true
    const original = new capi.sqlite3_io_methods(pMethods) as unknown as Struct
    try {
      if (original.$iVersion !== 1) return false
      const native = {} as Record<Method, Native>
      for (const name of METHODS) native[name] = wasm.functionEntry(original[`$${name}`] as Pointer) as Native
      const buffer = wasm.alloc(capacity) as Pointer
      files.set(pFile, { native, pageSize, buffer, capacity, start: 0, length: 0, commitEnd: -1 })
      handle.$pMethods = struct.pointer
      return true
    } finally {
      original.dispose()
    }
  } finally {
    handle.dispose()
  }
}

/**
 * Combines the writes to `db`'s open WAL file, and to its database file unless `synchronous` is
 * OFF, from now on (see the module comment), gathering up to `capacity` bytes per file. Call it
 * on a connection in WAL mode that has read the database (the WAL is then open). Returns false,
 * and changes nothing, when no WAL file is open or its I/O methods are not version 1.
 */
export function combineWalWrites(sqlite3: Sqlite3Static, db: Database, capacity = DEFAULT_CAPACITY): boolean {
  if (String(db.selectValue('PRAGMA journal_mode')).toLowerCase() !== 'wal') return false
  const pageSize = Number(db.selectValue('PRAGMA page_size'))
  if (!wrap(sqlite3, fileOf(sqlite3, db, SQLITE_FCNTL_JOURNAL_POINTER), pageSize, capacity)) return false
  if (Number(db.selectValue('PRAGMA synchronous')) > 0)
    wrap(sqlite3, fileOf(sqlite3, db, SQLITE_FCNTL_FILE_POINTER), 0, capacity)
  return true
}

/** @internal the bytes gathered and not yet written, over every wrapped file of `sqlite3`'s module. */
export function pendingBytes(sqlite3: Sqlite3Static): number {
  let pending = 0
  for (const file of wrappingOf(sqlite3).files.values()) pending += file.length
  return pending
}
