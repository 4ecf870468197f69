/**
 * How the 50 ms sampler coalesces the samples of one gesture stream, per event type:
 * which stream a sample belongs to, what it touches, and how two consecutive samples merge into
 * one event whose effect equals applying both (or, for the pen-drag AddAnchor, is decimated).
 */

/** The fields the sampler relies on; every catalog event has them. */
export interface SampleableEvent {
  readonly eventType: string
  readonly timestamp: number
}

type Fields = Readonly<Record<string, unknown>>
type Point = { readonly x: number; readonly y: number }

/** Coalescing rule of one sampled event type. */
export interface MergeRule {
  /** Stream key: samples with the same key belong to the same gesture stream. */
  key(event: Fields): string
  /** Ids the event touches; pending samples of other streams touching one of them are flushed first. */
  targets(event: Fields): readonly string[]
  /** The merged fields of `pending` followed by `next`, or `undefined` when they cannot merge exactly. */
  merge(pending: Fields, next: Fields): Fields | undefined
  /** True when merging loses information by design (decimation); false when it is exact. */
  readonly lossy: boolean
}

const ids = (event: Fields): readonly string[] =>
  Array.isArray(event.objectIds) ? (event.objectIds as string[]) : []
const idKey = (event: Fields): string => ids(event).join('\u0000')
const point = (value: unknown): Point => value as Point
const samePoint = (a: unknown, b: unknown): boolean => {
  if (a === undefined || b === undefined) return a === b
  const p = point(a)
  const q = point(b)
  return p.x === q.x && p.y === q.y
}

/** Same envelope grouping: only samples of the same undo group, user and session merge. */
function sameEnvelope(a: Fields, b: Fields): boolean {
  return a.undoGroupId === b.undoGroupId && a.userId === b.userId && a.sessionId === b.sessionId
}

const handleKeys = (e: Fields): string[] => ['handleIn', 'handleOut'].filter((k) => e[k] !== undefined)

/**
 * Two anchor edits merge into `{...a, ...b}` with the same effect when `b` sets every handle `a`
 * set (when only one handle is given, the other follows the anchor type, so a handle `a` set and
 * `b` does not would be mirrored differently) and, if `a` set handles, the anchor type governing
 * that mirroring is the same in both.
 */
function anchorEditsMerge(a: Fields, b: Fields): boolean {
  const ha = handleKeys(a)
  if (ha.length === 0) return true
  const hb = handleKeys(b)
  return ha.every((k) => hb.includes(k)) && a.anchorType === b.anchorType
}

const sumDelta = (a: Fields, b: Fields): Fields => ({
  ...b,
  delta: { x: point(a.delta).x + point(b.delta).x, y: point(a.delta).y + point(b.delta).y },
})

/**
 * The rules, by event type. Decisions (documented in the README):
 * - MoveObject, ViewportPan: incremental deltas are SUMMED.
 * - RotateObject: angles summed, ScaleObject: factors multiplied, only for the same objects and
 *   the same EXPLICIT pivot (rotations/scales about one fixed point compose exactly; about the
 *   default pivot, the objects' bounds centre, they do not, since that centre moves).
 * - ViewportZoom: factors multiplied for the same focal point.
 * - ModifyAnchor, ModifyStyle: absolute values; fields merge, the latest value of each field wins
 *   (ModifyAnchor only when the handles the earlier sample set are set again, see anchorEditsMerge).
 * - AddAnchor (pen/freehand drag): decimated, the latest sample of each window is kept, so a
 *   stroke keeps one anchor per interval and always its last one. This is the one lossy rule.
 */
export const mergeRules: Readonly<Record<string, MergeRule>> = {
  MoveObjectEvent: {
    key: (e) => `MoveObjectEvent|${idKey(e)}`,
    targets: ids,
    merge: (a, b) => (sameEnvelope(a, b) ? sumDelta(a, b) : undefined),
    lossy: false,
  },
  ViewportPanEvent: {
    key: () => 'ViewportPanEvent',
    targets: () => ['\u0000viewport'],
    merge: (a, b) => (sameEnvelope(a, b) ? sumDelta(a, b) : undefined),
    lossy: false,
  },
  RotateObjectEvent: {
    key: (e) => `RotateObjectEvent|${idKey(e)}`,
    targets: ids,
    merge: (a, b) =>
      sameEnvelope(a, b) && a.pivot !== undefined && samePoint(a.pivot, b.pivot)
        ? { ...b, angle: (a.angle as number) + (b.angle as number) }
        : undefined,
    lossy: false,
  },
  ScaleObjectEvent: {
    key: (e) => `ScaleObjectEvent|${idKey(e)}`,
    targets: ids,
    merge: (a, b) =>
      sameEnvelope(a, b) && a.pivot !== undefined && samePoint(a.pivot, b.pivot)
        ? {
            ...b,
            scaleX: (a.scaleX as number) * (b.scaleX as number),
            scaleY: (a.scaleY as number) * (b.scaleY as number),
          }
        : undefined,
    lossy: false,
  },
  ViewportZoomEvent: {
    key: () => 'ViewportZoomEvent',
    targets: () => ['\u0000viewport'],
    merge: (a, b) =>
      sameEnvelope(a, b) && samePoint(a.focalPoint, b.focalPoint)
        ? { ...b, factor: (a.factor as number) * (b.factor as number) }
        : undefined,
    lossy: false,
  },
  ModifyAnchorEvent: {
    key: (e) => `ModifyAnchorEvent|${String(e.pathId)}|${String(e.anchorIndex)}`,
    targets: (e) => [String(e.pathId)],
    merge: (a, b) => (sameEnvelope(a, b) && anchorEditsMerge(a, b) ? { ...a, ...b } : undefined),
    lossy: false,
  },
  ModifyStyleEvent: {
    key: (e) => `ModifyStyleEvent|${idKey(e)}`,
    targets: ids,
    merge: (a, b) => (sameEnvelope(a, b) ? { ...a, ...b } : undefined),
    lossy: false,
  },
  AddAnchorEvent: {
    key: (e) => `AddAnchorEvent|${String(e.pathId)}`,
    targets: (e) => [String(e.pathId)],
    merge: (a, b) => (sameEnvelope(a, b) ? b : undefined),
    lossy: true,
  },
}

/** The event types the sampler throttles (all others are discrete). */
export const sampledEventTypes: readonly string[] = Object.keys(mergeRules)
