/**
 * The JSON Schema (draft 2020-12) of the whole catalog, built from the same TypeBox schemas the
 * validator uses: one `$defs` entry per event type (and per legacy shape form), a top-level
 * `oneOf`, and each type's metadata under the annotation keyword `x-wiretuner`. Cross-field rules
 * that JSON Schema cannot state are given as `$comment`s. Written to
 * `schema/events.schema.json` by `pnpm generate`.
 */
import { EVENT_SCHEMAS, EVENT_TYPES } from './catalog.js'
import { eventMetadata } from './metadata.js'
import { LEGACY_CREATE_SHAPE_SCHEMAS } from './upcast.js'

/** `$id` of the generated document. */
export const EVENT_CATALOG_SCHEMA_ID = 'urn:wiretuner:event-schema:event-catalog'

const crossFieldComments: Partial<Record<string, string>> = {
  CreateShapeEvent:
    'Also enforced: rectangle cornerRadius <= min(width, height) / 2; star innerRadius < outerRadius.',
  AddAnchorEvent: 'Also enforced: an anchor of anchorType "line" carries no handleIn/handleOut.',
}

/** Plain JSON copy (drops TypeBox's symbol-keyed metadata). */
function plain(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema))
}

/** The catalog's JSON Schema document (a fresh object each call). */
export function eventCatalogJsonSchema(): Record<string, unknown> {
  const defs: Record<string, unknown> = {}
  for (const type of EVENT_TYPES) {
    const meta = eventMetadata(type)
    const comment = crossFieldComments[type]
    defs[type] = {
      title: type,
      ...(comment === undefined ? {} : { $comment: comment }),
      'x-wiretuner': {
        label: meta.label,
        sampled: meta.sampled,
        debounced: meta.debounced,
        undoable: meta.undoable,
        schemaVersion: meta.schemaVersion,
      },
      ...(plain(EVENT_SCHEMAS[type]) as Record<string, unknown>),
    }
  }
  defs.LegacyCreateShapeEventV1 = {
    title: 'CreateShapeEvent, schema version 1 (read only; upcast to version 2 on read)',
    anyOf: Object.values(LEGACY_CREATE_SHAPE_SCHEMAS).map(plain),
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: EVENT_CATALOG_SCHEMA_ID,
    title: 'WireTuner event',
    description:
      'One stored WireTuner event: a flat JSON object with the envelope and the payload fields of its eventType. ' +
      'Absent schemaVersion means 1. Generated from @wiretuner/event-schema; do not edit.',
    oneOf: EVENT_TYPES.map((type) => ({ $ref: `#/$defs/${type}` })),
    $defs: defs,
  }
}

/** The JSON text written to `schema/events.schema.json` (2-space indent, final newline). */
export function renderEventCatalogJsonSchema(): string {
  return `${JSON.stringify(eventCatalogJsonSchema(), null, 2)}\n`
}
