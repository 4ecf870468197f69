/**
 * The document views the CLI and the viewer show: the counts come from vector-model's own
 * counters, which must agree with what the layers hold (what the SVG draws), also on documents
 * decoded from stored snapshots (once a vector-model bug: `objects.size` was wrong after parsing).
 */

import { documentAt } from '@wiretuner/cli/command-kit'
import { openWireTunerFile, type WireTunerFile } from '@wiretuner/io-services/node'
import { decodeReplayState } from '@wiretuner/replay/advanced'
import { allObjects, type Document } from '@wiretuner/vector-model'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { documentCounts, documentTree } from '../src/document-view.ts'

const fixture = inject('fixtureFile')
const head = inject('fixtureEvents') - 1
let file: WireTunerFile
let documentId: string

beforeAll(async () => {
  file = await openWireTunerFile(fixture, { readOnly: true })
  documentId = file.listDocuments()[0]?.documentId ?? ''
})

afterAll(() => file?.close())

/** Counts through the artboards and their layers. */
function countedThroughLayers(doc: Document): { artboards: number; layers: number; objects: number } {
  let layers = 0
  for (const a of doc.artboards) layers += a.layers.length
  return { artboards: doc.artboards.length, layers, objects: allObjects(doc).length }
}

describe('documentCounts and documentTree', () => {
  it('agree with the layers on documents decoded from every stored snapshot', () => {
    const snapshots = file.listSnapshots(documentId)
    expect(snapshots.length).toBeGreaterThan(0)
    for (const info of snapshots) {
      const stored = file.loadLatestSnapshot(documentId, { atOrBefore: info.eventSequence }).snapshot
      if (stored === undefined) throw new Error(`snapshot at ${info.eventSequence} did not load`)
      const decoded = decodeReplayState(stored.data, stored.eventSequence)
      if (!decoded.ok) throw new Error(`snapshot at ${info.eventSequence}: ${decoded.reason}`)
      const doc = decoded.state.document
      const counts = documentCounts(doc)
      expect(counts, `snapshot at ${info.eventSequence}`).toEqual(countedThroughLayers(doc))
      expect(counts.objects).toBeGreaterThan(0)
      const treeObjects = documentTree(doc).reduce(
        (n, a) => n + a.layers.reduce((m, l) => m + l.objectCount, 0),
        0,
      )
      expect(treeObjects).toBe(counts.objects)
    }
  })

  it('agree with the layers on folded documents and on the snapshot + tail at the head', () => {
    for (const k of [0, 10, Math.floor(head / 3), head]) {
      const folded = documentAt(file, documentId, k, { useSnapshots: false }).document
      const fromSnapshot = documentAt(file, documentId, k).document
      expect(documentCounts(folded), `#${k}`).toEqual(countedThroughLayers(folded))
      expect(documentCounts(fromSnapshot), `#${k}`).toEqual(documentCounts(folded))
    }
  })
})
