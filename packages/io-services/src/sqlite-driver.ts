/**
 * The one way io-services opens a better-sqlite3 connection. The native addon is loaded once,
 * straight from better-sqlite3's own build directory: better-sqlite3's default loader (the
 * `bindings` package) searches a list of directories first, which was about half of the first
 * open's cost in a fresh process (measured: 2.6–4.3 ms vs 0.9–2.3 ms). It is loaded when this
 * module is imported (a process that imports the Node entry is there to open files), so the
 * first open pays neither the module resolution nor the dlopen (about 1–1.5 ms of it, measured
 * 2026-12-07 in fresh processes); each open hands better-sqlite3 the loaded addon object. When
 * the file is not where a build puts it (a custom build layout) or cannot be loaded here, the
 * default loader runs at the first open and reports its own error there.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'

/** better-sqlite3's addon as loaded here, or `null` when its default loader must be used. */
const addon: object | null = loadAddon()

function loadAddon(): object | null {
  try {
    const requireNative = createRequire(import.meta.url)
    const root = dirname(requireNative.resolve('better-sqlite3/package.json'))
    const path = join(root, 'build', 'Release', 'better_sqlite3.node')
    return existsSync(path) ? (requireNative(path) as object) : null
  } catch {
    return null
  }
}

/**
 * `new Database(path, options)` with the addon loaded as above (a Buffer: a serialized database).
 * better-sqlite3 takes the addon object itself as `nativeBinding` (its typings say only a path).
 */
export function openDatabase(path: string | Buffer, options: Database.Options = {}): Database.Database {
  return new Database(path, addon === null ? options : Object.assign({}, options, { nativeBinding: addon }))
}

/**
 * A read-only connection to `path`, also where nothing can be written (a read-only mount, a
 * folder without write access, a full disk): SQLite opens a WAL-mode file read-only only when its
 * `-shm` exists or can be created, so when that open fails (SQLITE_CANTOPEN, SQLITE_READONLY when
 * the -shm exists but cannot be written, SQLITE_IOERR or SQLITE_FULL when it cannot be sized on a
 * full disk) and the file has no `-wal` with
 * commits of its own, the file's bytes are read into memory and opened from there (its header's
 * WAL flag cleared in the copy: the copy has no -wal); nothing is written anywhere. With a
 * non-empty `-wal` that cannot be read, the original error is thrown (the caller maps it).
 * A `-shm` or `-wal` that the failed attempt itself left behind (absent before, and too short to
 * be a real one: a full disk leaves a 3-byte -shm and an empty -wal) is removed.
 */
export function openReadOnly(path: string): Database.Database {
  let db: Database.Database | undefined
  const existed = { shm: existsSync(`${path}-shm`), wal: existsSync(`${path}-wal`) }
  try {
    db = openDatabase(path, { readonly: true, fileMustExist: true })
    // the file (and its -shm) are opened by the first read, not by the constructor
    db.pragma('schema_version', { simple: true })
    return db
  } catch (error) {
    db?.close()
    const code = String((error as { code?: unknown }).code)
    const fallback =
      code === 'SQLITE_CANTOPEN' ||
      code === 'SQLITE_FULL' ||
      code.startsWith('SQLITE_READONLY') ||
      code.startsWith('SQLITE_IOERR')
    if (!fallback) throw error
    removeLeftovers(path, existed)
    let wal = 0
    try {
      wal = statSync(`${path}-wal`).size
    } catch {}
    if (wal > 0) throw error
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch {
      throw error
    }
    // header bytes 18 and 19: file format write and read versions, 2 = WAL, 1 = rollback journal
    if (bytes.length >= 100 && bytes[18] === 2 && bytes[19] === 2) {
      bytes[18] = 1
      bytes[19] = 1
    }
    return openDatabase(bytes, { readonly: true })
  }
}

/** A WAL index is at least 32 KiB once SQLite has sized it. */
const MIN_SHM_BYTES = 32 * 1024

/** Removes the `-shm` / `-wal` a failed read-only open created (see {@link openReadOnly}). */
function removeLeftovers(path: string, existed: { readonly shm: boolean; readonly wal: boolean }): void {
  const small = (file: string, limit: number) => {
    try {
      return statSync(file).size < limit
    } catch {
      return false
    }
  }
  try {
    if (!existed.shm && small(`${path}-shm`, MIN_SHM_BYTES)) rmSync(`${path}-shm`, { force: true })
    if (!existed.wal && small(`${path}-wal`, 1)) rmSync(`${path}-wal`, { force: true })
  } catch {
    // best effort: a read never fails because of its own leftovers
  }
}
