/**
 * Issue 12: valid events whose result overflows. Two moves by 1e308 are each valid, together an
 * Infinity translation: the session refuses the second (typed `not-applicable`, nothing
 * appended), and a log that holds them anyway (appended behind the reducer's back) replays with
 * the event skipped and reported, never a non-finite document.
 */
import { createMemoryStorage } from '@wiretuner/io-services'
import { getObject } from '@wiretuner/vector-model'
import { describe, expect, it } from 'vitest'
import { isReplayError } from '../src/errors.js'
import { createSession, openSession } from '../src/open-session.js'
import type { DocumentSession } from '../src/session.js'

function withRectangle(): DocumentSession {
  const s = createSession(createMemoryStorage(), { title: 'Overflow' }, { snapshotScheduling: 'sync' })
  s.dispatch([
    s.createEvent({
      eventType: 'CreateArtboardEvent',
      artboardId: 'ab',
      bounds: { x: 0, y: 0, width: 8, height: 6 },
    }),
    s.createEvent({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'ab' }),
    s.createEvent({
      eventType: 'CreateShapeEvent',
      shapeId: 'r1',
      shapeType: 'rectangle',
      parameters: { centerX: 1, centerY: 1, width: 2, height: 1 },
    }),
  ])
  return s
}

const huge = { x: 1e308, y: 1e308 }

describe('results that would not be finite', () => {
  it('dispatch refuses the move that overflows, appending nothing', () => {
    const s = withRectangle()
    s.dispatch(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: huge }))
    const before = s.storage.nextSequence(s.documentId)
    let error: unknown
    try {
      s.dispatch(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: huge }))
    } catch (e) {
      error = e
    }
    expect(isReplayError(error, 'not-applicable')).toBe(true)
    expect((error as Error).message).toMatch(/non-finite/)
    expect(s.storage.nextSequence(s.documentId)).toBe(before)
    expect(getObject(s.document, 'r1')?.transform.e).toBe(1e308)
  })

  it('dispatch refuses scales and viewport pans that overflow', () => {
    const s = withRectangle()
    s.dispatch(
      s.createEvent({ eventType: 'ScaleObjectEvent', objectIds: ['r1'], scaleX: 1e300, scaleY: 1e300 }),
    )
    expect(() =>
      s.dispatch(
        s.createEvent({ eventType: 'ScaleObjectEvent', objectIds: ['r1'], scaleX: 1e300, scaleY: 1e300 }),
      ),
    ).toThrow(/non-finite/)
    s.dispatch(s.createEvent({ eventType: 'ViewportPanEvent', delta: { x: -1.7e308, y: 0 } }))
    expect(() =>
      s.dispatch(s.createEvent({ eventType: 'ViewportPanEvent', delta: { x: -1.7e308, y: 0 } })),
    ).toThrow(/non-finite/)
  })

  it('a stored log holding the overflow replays with the event reported, the document finite', () => {
    const s = withRectangle()
    const moves = [1, 2].map(() =>
      s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: huge }),
    )
    // behind the reducer's back: the storage takes valid events without applying them
    s.storage.append(s.documentId, moves, { expectedSequence: s.storage.nextSequence(s.documentId) })
    const reopened = openSession(s.storage, s.documentId)
    const problems = reopened.loadReport.problems
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ kind: 'not-applicable', eventType: 'MoveObjectEvent' })
    expect(problems[0]?.reason).toMatch(/non-finite/)
    expect(Object.values(getObject(reopened.document, 'r1')?.transform ?? {}).every(Number.isFinite)).toBe(
      true,
    )
    expect(getObject(reopened.document, 'r1')?.transform.e).toBe(1e308)
  })
})
