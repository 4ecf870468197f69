/**
 * Issue 12: read-only commands work where nothing can be written (a read-only mount, a folder
 * without write access, a full disk): SQLite cannot create the WAL's `-shm` there, so the file is read from an
 * in-memory copy (see `openReadOnly`), writing nothing. The reader runs as a user who cannot
 * write the folder (`nobody` when the tests run as root, whose writes no mode bit stops).
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWireTunerFile } from '../src/node.js'
import { bundleWorker, drafts, tempDir } from './helpers.js'

const tmp = tempDir('wt-read-only-')
const documentId = '6f1d7c0e-8d4b-4c5e-9a7f-2b3c4d5e6f70'
let reader: string

beforeAll(async () => {
  reader = await bundleWorker('read-only-reader')
  chmodSync(tmp.dir, 0o755)
})
afterAll(() => {
  chmodSync(tmp.dir, 0o755)
  tmp.cleanup()
})

/** Runs the reader on `path` as a user who cannot write `path`'s folder. */
function readAsOutsider(path: string): Record<string, unknown> {
  const asRoot = process.getuid?.() === 0
  const result = spawnSync(process.execPath, [reader, path], {
    encoding: 'utf8',
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  })
  expect(result.status, result.stderr).toBe(0)
  return JSON.parse(result.stdout.trim()) as Record<string, unknown>
}

describe('a file in a folder nobody may write', () => {
  it('opens read-only, reads every event, validates clean, and nothing is created or changed', async () => {
    const folder = join(tmp.dir, 'locked')
    mkdirSync(folder)
    const path = join(folder, 'doc.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId, title: 'Read-only', firstEvents: drafts(documentId, 40) })
    file.close()
    const before = readFileSync(path)
    chmodSync(folder, 0o555)
    const result = readAsOutsider(path)
    expect(result).toEqual({ ok: true, count: 40, read: 40, valid: true, failed: [] })
    expect(readdirSync(folder)).toEqual(['doc.wiretuner'])
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('on a full disk (not one byte may be written) it reads from memory and leaves no -shm or -wal', async () => {
    const folder = join(tmp.dir, 'full')
    mkdirSync(folder)
    const path = join(folder, 'doc.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId, title: 'Full disk', firstEvents: drafts(documentId, 25) })
    file.close()
    const before = readFileSync(path)
    // RLIMIT_FSIZE 0 makes every write fail as on a full disk (SIGXFSZ ignored: writes get EFBIG);
    // before the fix the open failed with "disk I/O error" and left a 3-byte -shm and an empty -wal
    const result = spawnSync(
      'bash',
      ['-c', `trap '' XFSZ; ulimit -f 0; exec "$0" "$@"`, process.execPath, reader, path],
      {
        encoding: 'utf8',
      },
    )
    expect(result.status, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout.trim())).toEqual({
      ok: true,
      count: 25,
      read: 25,
      valid: true,
      failed: [],
    })
    expect(readdirSync(folder)).toEqual(['doc.wiretuner'])
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('with a -wal holding commits it cannot read, it fails with a typed error', async () => {
    const folder = join(tmp.dir, 'locked-wal')
    mkdirSync(folder)
    const source = join(tmp.dir, 'with-wal.wiretuner')
    const file = await openWireTunerFile(source)
    file.createDocument({ documentId, title: 'WAL' })
    // a copy taken while the writer is open: the commits are in the -wal
    copyFileSync(source, join(folder, 'doc.wiretuner'))
    copyFileSync(`${source}-wal`, join(folder, 'doc.wiretuner-wal'))
    file.close()
    chmodSync(folder, 0o555)
    const result = readAsOutsider(join(folder, 'doc.wiretuner'))
    expect(result.ok).toBe(false)
    expect(typeof result.code).toBe('string')
    expect(result.message).toMatch(/doc\.wiretuner/)
  })
})
