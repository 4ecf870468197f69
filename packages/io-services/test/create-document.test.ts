/**
 * Issue 12: `createDocument` with `firstEvents` stores the metadata row and the first events in
 * one transaction, on both stores: a failure of the events leaves no document behind (it can be
 * created again), a success leaves both. A creation killed half-way leaves a temporary file that
 * the next creation of the same file removes.
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createMemoryStorage, type DocumentStorage, isStorageError } from '../src/index.ts'
import { openWireTunerFile } from '../src/node.ts'
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

describe('temporaries of interrupted file creations', () => {
  it('creating a file removes the .creating- files of dead processes, never those of live ones', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number
    const path = join(tmp.dir, 'interrupted.wiretuner')
    const abandoned = [
      `interrupted.wiretuner.creating-${dead}-1`,
      `interrupted.wiretuner.creating-${dead}-1-wal`,
    ]
    const live = `interrupted.wiretuner.creating-${process.ppid}-2`
    for (const name of [...abandoned, live]) writeFileSync(join(tmp.dir, name), 'partial')
    const file = await openWireTunerFile(path)
    file.close()
    const left = readdirSync(tmp.dir).filter((n) => n.startsWith('interrupted.wiretuner.'))
    expect(left).toEqual([live])
  })
})
