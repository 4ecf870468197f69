/**
 * The session simulator, run in-process through the real replay session and sampler into real
 * SQLite files: exact event counts, determinism from the seed, realistic coverage of the catalog
 * (every shape kind, curved pen paths, every selection mode, transforms by sampled drags, undo and
 * redo...), sampling actually thinning the 60 Hz pointer stream, and a clean validation report.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { documentAt, documentHash } from '@wiretuner/cli/command-kit'
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { openWireTunerFile, validateFile } from '@wiretuner/io-services/node'
import { allObjects } from '@wiretuner/vector-model'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { type SimulationResult, simulateSession } from '../src/simulate-session.ts'

const dir = join(inject('scratchDir'), 'simulator')

async function readLog(file: string): Promise<WireTunerEvent[]> {
  const storage = await openWireTunerFile(file, { readOnly: true })
  try {
    const id = storage.listDocuments()[0]?.documentId ?? ''
    const events: WireTunerEvent[] = []
    for (const item of storage.readEvents(id)) {
      expect(item.kind).toBe('event')
      if (item.kind === 'event') events.push(item.event)
    }
    return events
  } finally {
    storage.close()
  }
}

let big: SimulationResult
let bigLog: WireTunerEvent[]

beforeAll(async () => {
  mkdirSync(dir, { recursive: true })
  big = await simulateSession({ out: join(dir, 'big.wiretuner'), events: 4000, seed: 'coverage' })
  bigLog = await readLog(big.file)
})

describe('simulateSession', () => {
  it('writes exactly the requested number of events', async () => {
    for (const n of [1, 4, 37, 151, 450, 1200]) {
      const r = await simulateSession({ out: join(dir, `n-${n}.wiretuner`), events: n, seed: `n${n}` })
      expect(r.events).toBe(n)
      expect(await readLog(r.file)).toHaveLength(n)
    }
    // The fill phase near the target must add exactly one event per action, whatever it picks.
    for (let i = 0; i < 8; i++) {
      const n = 160 + i * 37
      const r = await simulateSession({ out: join(dir, `fill-${i}.wiretuner`), events: n, seed: `fill${i}` })
      expect(r.events, `seed fill${i}`).toBe(n)
    }
    expect(big.events).toBe(4000)
    expect(bigLog).toHaveLength(4000)
  })

  it('is deterministic for a seed and differs between seeds', async () => {
    const a = await simulateSession({ out: join(dir, 'det-a.wiretuner'), events: 700, seed: 'same' })
    const b = await simulateSession({ out: join(dir, 'det-b.wiretuner'), events: 700, seed: 'same' })
    const c = await simulateSession({ out: join(dir, 'det-c.wiretuner'), events: 700, seed: 'other' })
    const [la, lb, lc] = await Promise.all([readLog(a.file), readLog(b.file), readLog(c.file)])
    expect(JSON.stringify(lb)).toBe(JSON.stringify(la))
    expect(JSON.stringify(lc)).not.toBe(JSON.stringify(la))
    const hash = async (file: string): Promise<string> => {
      const s = await openWireTunerFile(file, { readOnly: true })
      try {
        const id = s.listDocuments()[0]?.documentId ?? ''
        return documentHash(documentAt(s, id, 699).document)
      } finally {
        s.close()
      }
    }
    expect(await hash(b.file)).toBe(await hash(a.file))
  })

  it('covers the catalog in realistic proportions, with no refused event', () => {
    expect(big.refusedEvents).toBe(0)
    const count = (type: string): number => bigLog.filter((e) => e.eventType === type).length
    const shapes = new Set(bigLog.flatMap((e) => (e.eventType === 'CreateShapeEvent' ? [e.shapeType] : [])))
    expect([...shapes].sort()).toEqual(['ellipse', 'polygon', 'rectangle', 'star'])
    const modes = new Set(bigLog.flatMap((e) => (e.eventType === 'SelectObjectsEvent' ? [e.mode] : [])))
    expect([...modes].sort()).toEqual(['add', 'replace', 'subtract', 'toggle'])
    for (const type of [
      'CreateArtboardEvent',
      'CreateLayerEvent',
      'CreatePathEvent',
      'FinishPathEvent',
      'MoveObjectEvent',
      'RotateObjectEvent',
      'ScaleObjectEvent',
      'ModifyStyleEvent',
      'DeleteObjectEvent',
      'ViewportPanEvent',
      'ViewportZoomEvent',
      'UndoEvent',
      'RedoEvent',
      'StartGroupEvent',
      'EndGroupEvent',
      'ClearSelectionEvent',
    ]) {
      expect(count(type), type).toBeGreaterThan(0)
    }
    // Pen paths are curved: bezier anchors with handles, and handle drags on them.
    expect(
      bigLog.some(
        (e) => e.eventType === 'AddAnchorEvent' && e.anchorType === 'bezier' && e.handleOut !== undefined,
      ),
    ).toBe(true)
    expect(
      bigLog.some(
        (e) => e.eventType === 'ModifyAnchorEvent' && e.handleOut != null && e.anchorType === 'symmetric',
      ),
    ).toBe(true)
    // Gestures dominate, structure edits are rare.
    const gestures =
      count('MoveObjectEvent') +
      count('RotateObjectEvent') +
      count('ScaleObjectEvent') +
      count('AddAnchorEvent') +
      count('ModifyAnchorEvent')
    expect(gestures / bigLog.length).toBeGreaterThan(0.25)
    expect(count('CreateArtboardEvent') + count('DeleteArtboardEvent')).toBeLessThan(bigLog.length / 100)
    expect(count('UndoEvent') / bigLog.length).toBeLessThan(0.05)
  })

  it('sends 60 Hz pointer samples through the 50 ms sampler', () => {
    const sampled = bigLog.filter((e) => e.samplingIntervalMs !== undefined)
    expect(sampled.length).toBeGreaterThan(500)
    expect(sampled.every((e) => e.samplingIntervalMs === 50)).toBe(true)
    expect(big.rawPointerSamples).toBeGreaterThan(sampled.length * 1.5)
    // Within one move gesture (one undo group), at most one event per 50 ms window (+ the trailing one).
    const byGroup = new Map<string, number[]>()
    for (const e of bigLog) {
      if (e.eventType === 'MoveObjectEvent' && e.undoGroupId !== undefined) {
        byGroup.set(e.undoGroupId, [...(byGroup.get(e.undoGroupId) ?? []), e.timestamp])
      }
    }
    expect(byGroup.size).toBeGreaterThan(10)
    for (const times of byGroup.values()) {
      const span = (times.at(-1) ?? 0) - (times[0] ?? 0)
      expect(times.length).toBeLessThanOrEqual(Math.floor(span / 50) + 2)
    }
  })

  it('ends with a drawn document and a file that validates clean', async () => {
    expect(big.objects).toBeGreaterThan(10)
    expect(validateFile(big.file).ok).toBe(true)
    const s = await openWireTunerFile(big.file, { readOnly: true })
    try {
      const doc = documentAt(s, big.documentId, 3999).document
      const curved = allObjects(doc).some(
        (o) => o.kind === 'path' && o.anchors.some((a) => a.handleOut !== undefined),
      )
      expect(curved).toBe(true)
      expect(
        allObjects(doc).some((o) => o.kind === 'shape' && (o.transform.b !== 0 || o.transform.a !== 1)),
      ).toBe(true)
    } finally {
      s.close()
    }
  })
})
