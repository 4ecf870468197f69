/**
 * Writes a real .wiretuner document through replay's public API for the CLI tests: an artboard,
 * a layer, then rounds of drawing (a path of a few anchors, a shape), moving, restyling and an
 * undo/redo, until exactly `events` events are stored. Deterministic in its content (ids,
 * geometry); ids of events are the engine's own. Snapshots follow the session's cadence (one at
 * 999, one at close).
 */
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createSession, type DocumentSession } from '@wiretuner/replay'

/** The editing rounds: each appends a few events. */
function round(session: DocumentSession, i: number): void {
  const id = `p${i}`
  const x = 40 + ((i * 37) % 700)
  const y = 40 + ((i * 53) % 500)
  const step = i % 6
  if (step === 0) {
    session.dispatch([
      session.createEvent({ eventType: 'CreatePathEvent', pathId: id, startAnchor: { x, y } }),
      session.createEvent({
        eventType: 'AddAnchorEvent',
        pathId: id,
        position: { x: x + 30, y },
        anchorType: 'line',
      }),
      session.createEvent({
        eventType: 'AddAnchorEvent',
        pathId: id,
        position: { x: x + 30, y: y + 20 },
        anchorType: 'line',
      }),
      session.createEvent({ eventType: 'FinishPathEvent', pathId: id, closed: true }),
    ])
  } else if (step === 1) {
    session.dispatch(
      session.createEvent({
        eventType: 'CreateShapeEvent',
        shapeId: `s${i}`,
        shapeType: 'rectangle',
        parameters: { centerX: x, centerY: y, width: 24, height: 16 },
      }),
    )
  } else if (step === 2) {
    session.dispatch(
      session.createEvent({ eventType: 'MoveObjectEvent', objectIds: [`s${i - 1}`], delta: { x: 3, y: -2 } }),
    )
  } else if (step === 3) {
    session.dispatch(
      session.createEvent({ eventType: 'ModifyStyleEvent', objectIds: [`p${i - 3}`], fill: '#3366cc' }),
    )
  } else if (step === 4) {
    session.undo()
  } else {
    session.redo()
  }
}

/** Creates `path` (which must not exist) with a document of exactly `events` events. */
export async function writeFixture(path: string, events: number): Promise<void> {
  const file = await openWireTunerFile(path, { create: true })
  try {
    const session = createSession(file, { title: 'CLI fixture', author: 'cli tests' })
    session.dispatch([
      session.createEvent({
        eventType: 'CreateArtboardEvent',
        artboardId: 'a1',
        bounds: { x: 0, y: 0, width: 800, height: 600 },
      }),
      session.createEvent({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'a1' }),
    ])
    for (let i = 0; file.eventCount(session.documentId) < events; i++) {
      round(session, i)
      // a round appends up to 4 events: trim the log to exactly `events` by stopping early
      if (events - file.eventCount(session.documentId) < 4) {
        while (file.eventCount(session.documentId) < events)
          session.dispatch(session.createEvent({ eventType: 'ViewportPanEvent', delta: { x: 1, y: 1 } }))
      }
    }
    session.close()
  } finally {
    file.close()
  }
}
