/**
 * Files that are not healthy .wiretuner files: each gives its typed StorageError, none crashes,
 * and opening one writes nothing (same bytes, no -wal/-shm created).
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FORMAT_VERSION, StorageError } from '../src/index.js'
import { openWireTunerFile, validateFile } from '../src/node.js'
import { drafts, tempDir } from './helpers.js'

const DOC = '55555555-5555-4555-8555-555555555555'
let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

async function goodFile(name: string, events = 200): Promise<string> {
  const path = join(tmp.dir, name)
  const file = await openWireTunerFile(path)
  file.createDocument({ documentId: DOC, title: 'T' })
  file.append(DOC, drafts(DOC, events), { expectedSequence: 0 })
  file.close()
  return path
}

async function expectRefused(
  path: string,
  codes: readonly string[],
  options: { readOnly?: boolean } = {},
): Promise<string> {
  const before = digest(path)
  const hadWal = existsSync(`${path}-wal`)
  let error: unknown
  try {
    ;(await openWireTunerFile(path, options)).close()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(StorageError)
  const code = (error as StorageError).code
  expect(codes).toContain(code)
  expect((error as StorageError).message).toContain(path)
  expect(digest(path)).toBe(before)
  if (!hadWal) {
    expect(existsSync(`${path}-wal`)).toBe(false)
    expect(existsSync(`${path}-shm`)).toBe(false)
  }
  expect(() => validateFile(path)).toThrow(StorageError)
  return code
}

describe('bad files', () => {
  it('an empty file is empty-file', async () => {
    const path = join(tmp.dir, 'empty.wiretuner')
    writeFileSync(path, '')
    expect(await expectRefused(path, ['empty-file'])).toBe('empty-file')
    expect(await expectRefused(path, ['empty-file'], { readOnly: true })).toBe('empty-file')
  })

  it('random bytes and text are not-sqlite', async () => {
    const random = join(tmp.dir, 'random.wiretuner')
    writeFileSync(random, randomBytes(8192))
    await expectRefused(random, ['not-sqlite'])
    const text = join(tmp.dir, 'text.wiretuner')
    writeFileSync(text, 'hello, I am a text file')
    await expectRefused(text, ['not-sqlite'])
  })

  it('an SQLite header followed by garbage is refused with a typed error', async () => {
    const path = join(tmp.dir, 'garbage.wiretuner')
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\u0000', 'latin1'), randomBytes(8192)]))
    await expectRefused(path, ['not-sqlite', 'corrupt', 'not-wiretuner', 'newer-format'])
  })

  it('a truncated .wiretuner file is corrupt', async () => {
    const path = await goodFile('truncated.wiretuner')
    truncateSync(path, Math.floor(statSync(path).size / 2))
    expect(await expectRefused(path, ['corrupt'])).toBe('corrupt')
  })

  it('truncation is found at the last byte, with the real size in the message', async () => {
    const path = await goodFile('one-short.wiretuner')
    const size = statSync(path).size
    truncateSync(path, size - 1)
    let error: unknown
    try {
      ;(await openWireTunerFile(path, { readOnly: true })).close()
    } catch (e) {
      error = e
    }
    expect((error as StorageError).code).toBe('corrupt')
    expect((error as StorageError).message).toContain(`the file has ${size - 1}`)
    // one byte past the declared pages changes nothing: the file opens
    const longer = await goodFile('one-long.wiretuner')
    writeFileSync(longer, Buffer.concat([readFileSync(longer), Buffer.from([0])]))
    ;(await openWireTunerFile(longer, { readOnly: true })).close()
  })

  it('an empty -wal beside a good file: the header identifies it; beside an empty file: empty-file', async () => {
    const path = await goodFile('empty-wal.wiretuner')
    writeFileSync(`${path}-wal`, '')
    const file = await openWireTunerFile(path, { readOnly: true })
    expect(file.formatVersion).toBeGreaterThan(0)
    file.close()
    const empty = join(tmp.dir, 'empty-with-wal.wiretuner')
    writeFileSync(empty, '')
    writeFileSync(`${empty}-wal`, '')
    expect(await expectRefused(empty, ['empty-file'])).toBe('empty-file')
  })

  it('a foreign SQLite database is not-wiretuner', async () => {
    const path = join(tmp.dir, 'foreign.db')
    const db = new Database(path)
    db.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)')
    db.close()
    expect(await expectRefused(path, ['not-wiretuner'])).toBe('not-wiretuner')
    const other = join(tmp.dir, 'other-app.db')
    const db2 = new Database(other)
    db2.pragma('application_id = 1234')
    db2.exec('CREATE TABLE metadata (document_id TEXT)')
    db2.close()
    await expectRefused(other, ['not-wiretuner'])
  })

  it('a newer format is newer-format, also while its write-ahead log is pending', async () => {
    const path = await goodFile('newer.wiretuner', 3)
    const db = new Database(path)
    db.pragma('user_version = 99')
    db.close()
    expect(await expectRefused(path, ['newer-format'])).toBe('newer-format')
    // A writer that bumped the version and has not checkpointed: the probe asks SQLite.
    const pending = await goodFile('pending.wiretuner', 3)
    const holder = new Database(pending)
    holder.pragma('wal_autocheckpoint = 0')
    holder.pragma(`user_version = ${FORMAT_VERSION + 1}`)
    expect(existsSync(`${pending}-wal`)).toBe(true)
    const error = await openWireTunerFile(pending).catch((e: unknown) => e)
    expect((error as StorageError).code).toBe('newer-format')
    holder.close()
  })
})
