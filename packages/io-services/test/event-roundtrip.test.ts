/**
 * Every kind of event the catalog allows survives the log: arbitrary valid drafts of every type
 * (event-schema's fast-check arbitraries) are stored canonically and read back equal on every
 * backend; rows in an older stored form are upcast on read.
 */
import { join } from 'node:path'
import { type DraftEvent, serializeEvent, type WireTunerEvent } from '@wiretuner/event-schema'
import { arbitraryDraftEvent, arbitraryLegacyCreateShapeEvent } from '@wiretuner/event-schema/testing'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWireTunerFile } from '../src/node.js'
import { BACKENDS, PROPERTY_RUNS, type TestStorage, tempDir } from './helpers.js'

describe.each(BACKENDS)('event round trip: $name', (backend) => {
  let storage: TestStorage
  let close: () => void
  beforeAll(async () => {
    ;({ storage, close } = await backend.open())
  })
  afterAll(() => close())

  it('stores arbitrary valid events of every type and reads them back canonically (property)', () => {
    fc.assert(
      fc.property(
        fc.uuid({ version: 4 }).chain((documentId) =>
          fc.tuple(
            fc.constant(documentId),
            fc.uniqueArray(arbitraryDraftEvent({ documentId }), {
              selector: (e) => e.eventId,
              maxLength: 15,
            }),
          ),
        ),
        ([documentId, generated]) => {
          if (storage.getMetadata(documentId) !== undefined) return
          storage.createDocument({ documentId, title: 'property' })
          const batch = generated.map(({ eventSequence: _drop, ...rest }) => rest as DraftEvent)
          const result = storage.append(documentId, batch, { expectedSequence: 0 })
          const expected = batch.map(
            (e, i) =>
              JSON.parse(serializeEvent({ ...e, eventSequence: i } as WireTunerEvent)) as WireTunerEvent,
          )
          const read = [...storage.readEvents(documentId)]
          expect(read.every((item) => item.kind === 'event')).toBe(true)
          expect(read.map((item) => (item.kind === 'event' ? item.event : item))).toEqual(expected)
          expect(result.events).toEqual(expected)
        },
      ),
      { numRuns: PROPERTY_RUNS },
    )
  })
})

describe('older stored forms', () => {
  const tmp = tempDir()
  afterAll(() => tmp.cleanup())

  it('upcasts version-1 CreateShapeEvent rows on read (property)', async () => {
    const path = join(tmp.dir, 'legacy.wiretuner')
    const documentId = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
    const samples = fc.sample(arbitraryLegacyCreateShapeEvent({ documentId }), { numRuns: 30, seed: 42 })
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId, title: 'legacy' })
    file.close()
    const db = new Database(path)
    const insert = db.prepare(
      'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp) VALUES (?, ?, ?, ?, ?)',
    )
    samples.forEach((legacy, i) => {
      const row: Record<string, unknown> = {
        ...legacy,
        eventSequence: i,
        eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      }
      insert.run(documentId, i, 'CreateShapeEvent', JSON.stringify(row), row.timestamp as number)
    })
    db.close()
    const reader = await openWireTunerFile(path, { readOnly: true })
    const items = [...reader.readEvents(documentId)]
    reader.close()
    expect(items).toHaveLength(samples.length)
    for (const item of items) {
      expect(item.kind, JSON.stringify(item)).toBe('event')
      expect(item.kind === 'event' && item.event).toMatchObject({
        eventType: 'CreateShapeEvent',
        schemaVersion: 2,
      })
    }
  })
})
