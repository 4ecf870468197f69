/**
 * The platform-neutral core (`openStorageOnConnection`) on better-sqlite3 connections: the journal
 * mode is a setting (honoured and reported, or a typed error when the driver cannot), the
 * identity is checked unless the database is fresh, and the storage works on the connection.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStorageOnConnection, readConnectionSettings } from '../src/connection-storage.js'
import { draft, tempDir } from './helpers.js'

let dir: ReturnType<typeof tempDir>
beforeEach(() => {
  dir = tempDir()
})
afterEach(() => dir.cleanup())

describe('openStorageOnConnection', () => {
  it('reports exactly the pragmas a fresh read of the connection gives (fresh, writable, read-only opens)', async () => {
    const path = join(dir.dir, 'p.wiretuner')
    const cases = [
      { fresh: true, journalMode: 'wal', synchronous: 'normal', busyTimeoutMs: 77 },
      { journalMode: 'wal' },
      { journalMode: 'wal', synchronous: 'normal', busyTimeoutMs: 0 },
      { journalMode: 'keep', readOnly: true },
    ] as const
    for (const options of cases) {
      const db = new Database(path, { readonly: 'readOnly' in options })
      const { settings } = await openStorageOnConnection(db, { where: path, ...options })
      expect(settings, JSON.stringify(options)).toEqual(readConnectionSettings(db))
      db.close()
    }
  })

  it('applies a rollback journal mode where WAL is not wanted, and reports the pragmas', async () => {
    const db = new Database(join(dir.dir, 'a.wiretuner'))
    const { storage, settings } = await openStorageOnConnection(db, {
      where: 'a.wiretuner',
      journalMode: 'delete',
      synchronous: 'normal',
      busyTimeoutMs: 1234,
      fresh: true,
    })
    expect(settings).toMatchObject({
      journalMode: 'delete',
      foreignKeys: true,
      synchronous: 'normal',
      busyTimeoutMs: 1234,
      formatVersion: storage.formatVersion,
    })
    const { documentId } = storage.createDocument({ title: 't', author: 'a' })
    storage.append(documentId, [draft(documentId, 0)], { expectedSequence: 0 })
    expect(storage.nextSequence(documentId)).toBe(1)
    db.close()
  })

  it('fails with io when the driver cannot honour the journal mode (WAL on :memory:)', async () => {
    const db = new Database(':memory:')
    await expect(
      openStorageOnConnection(db, { where: ':memory:', journalMode: 'wal', fresh: true }),
    ).rejects.toMatchObject({
      name: 'StorageError',
      code: 'io',
      message: expect.stringMatching(/WAL journal mode/),
    })
    expect(db.open).toBe(true)
    db.close()
  })

  it('checks the identity of a database that is not fresh', async () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE other (x)')
    await expect(
      openStorageOnConnection(db, { where: 'other.db', journalMode: 'keep' }),
    ).rejects.toMatchObject({
      code: 'not-wiretuner',
    })
    db.close()
  })
})
