/**
 * Valid drafts whose fields hold awkward strings and numbers, for the tests that compare a
 * serializer's text with `JSON.stringify`'s: a layer per string (in its ids), a pan per number
 * (as `x` and `-x`), and two style changes whose first optional keys are present or absent.
 */

/** The fields every awkward draft shares. */
export const AWKWARD_BASE = {
  eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  timestamp: 5,
  documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
} as const

/** The drafts described in the module comment, for `strings` and `numbers`. */
export function awkwardEvents(strings: readonly string[], numbers: readonly number[]): unknown[] {
  const base = AWKWARD_BASE
  return [
    ...strings.map((s) => ({
      ...base,
      eventType: 'CreateLayerEvent',
      layerId: `L${s}`,
      artboardId: `${s}A`,
    })),
    ...numbers.map((x) => ({ ...base, eventType: 'ViewportPanEvent', delta: { x, y: -x } })),
    // objects whose first key is optional: all present, some, none
    { ...base, eventType: 'ModifyStyleEvent', objectIds: ['a', 'b"'], fill: null, opacity: 0.5 },
    { ...base, eventType: 'ModifyStyleEvent', objectIds: ['x'], stroke: '#000000' },
  ]
}
