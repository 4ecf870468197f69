/**
 * Issue 12: `createDocument` with `firstEvents` stores the metadata row and the first events in
 * one transaction, on both stores: a failure of the events leaves no document behind (it can be
 * created again), a success leaves both.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createMemoryStorage, type DocumentStorage, isStorageError, openWireTunerFile } from '../src/index.ts'
import { draft, tempDir } from './helpers.ts'

const tmp = tempDir('wt-create-')
afterAll(() => tmp.cleanup())

const stores: readonly (readonly [string, () => Promise<DocumentStorage & { close?: () => void }>])[] = [
  ['sqlite', () => openWireTunerFile(join(tmp.dir, `${randomUUID()}.wiretuner`))],
  ['memory', async () => createMemoryStorage()],
]

describe.each(stores)('createDocument with firstEvents (%s)', (_name, open) => {
  it('stores the metadata and the events together', async () => {
    const storage = await open()
    const documentId = randomUUID()
    storage.createDocument({
      documentId,
      title: 'T',
      firstEvents: [draft(documentId, 0), draft(documentId, 1)],
    })
    expect(storage.eventCount(documentId)).toBe(2)
    expect(storage.nextSequence(documentId)).toBe(2)
    storage.close?.()
  })

  it('all or nothing: a refused first event leaves no document, which can then be created', async () => {
    const storage = await open()
    const other = randomUUID()
    const taken = draft(other, 0)
    storage.createDocument({ documentId: other, title: 'other', firstEvents: [taken] })
    const documentId = randomUUID()
    // the same eventId as a stored event: refused, and with it the metadata row
    let failure: unknown
    try {
      storage.createDocument({ documentId, title: 'T', firstEvents: [{ ...taken, documentId }] })
    } catch (error) {
      failure = error
    }
    expect(isStorageError(failure)).toBe(true)
    expect(storage.getMetadata(documentId)).toBeUndefined()
    storage.createDocument({ documentId, title: 'T', firstEvents: [draft(documentId, 0)] })
    expect(storage.eventCount(documentId)).toBe(1)
    storage.close?.()
  })
})
