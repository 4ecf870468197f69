/**
 * Renders the user-facing event catalog reference (`docs/catalog.md`) from the catalog's JSON
 * Schema and metadata: every event type, its payload fields (name, type, required, notes) and
 * the fields of their nested objects (a shape's parameters per kind, anchors, style, points,
 * bounds: `parameters.width`, `anchors[].position.x`), undoable or not, its undo label. `pnpm --filter @wiretuner/event-schema docs` writes it; a test
 * fails while the committed file differs.
 */
import { EVENT_TYPES, eventCatalogJsonSchema, eventMetadata } from '../src/index.ts'

interface SchemaNode {
  readonly type?: string
  readonly const?: unknown
  readonly anyOf?: readonly SchemaNode[]
  readonly items?: SchemaNode
  readonly properties?: Readonly<Record<string, SchemaNode>>
  readonly required?: readonly string[]
  readonly description?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly exclusiveMinimum?: number
  readonly exclusiveMaximum?: number
  readonly minLength?: number
  readonly maxLength?: number
  readonly minItems?: number
  readonly maxItems?: number
  readonly pattern?: string
  readonly $comment?: string
}

const envelope = [
  'eventType',
  'eventId',
  'eventSequence',
  'timestamp',
  'documentId',
  'schemaVersion',
  'samplingIntervalMs',
  'undoGroupId',
  'userId',
  'sessionId',
]

/** A TypeScript-like spelling of a schema node's type. */
function typeOf(node: SchemaNode): string {
  if (node.const !== undefined) return JSON.stringify(node.const)
  if (node.anyOf !== undefined) return node.anyOf.map(typeOf).join(' \\| ')
  if (node.type === 'array' && node.items !== undefined) return `${typeOf(node.items)}[]`
  if (node.type === 'object' && node.properties !== undefined) {
    const required = new Set(node.required ?? [])
    const keys = Object.entries(node.properties).map(
      ([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${typeOf(v)}`,
    )
    return `{ ${keys.join('; ')} }`
  }
  return node.type ?? 'unknown'
}

/** The constraints and description of a schema node, as one cell. */
function notesOf(node: SchemaNode): string {
  const notes: string[] = []
  const range = (low: string | undefined, high: string | undefined, what: string) => {
    if (low !== undefined || high !== undefined) notes.push(`${what} ${low ?? ''}..${high ?? ''}`)
  }
  const num = (value: number | undefined, open = false) =>
    value === undefined
      ? undefined
      : `${open ? '(' : ''}${value === Number.MAX_SAFE_INTEGER ? '2^53−1' : value}${open ? ')' : ''}`
  range(
    num(node.minimum) ?? num(node.exclusiveMinimum, true),
    num(node.maximum) ?? num(node.exclusiveMaximum, true),
    'range',
  )
  range(num(node.minLength), num(node.maxLength), 'length')
  range(num(node.minItems), num(node.maxItems), 'items')
  if (node.items?.maxLength !== undefined)
    notes.push(`each of length ${node.items.minLength ?? 0}..${node.items.maxLength}`)
  if (node.pattern !== undefined) notes.push(`pattern \`${node.pattern}\``)
  if (node.description !== undefined) notes.push(node.description)
  return notes.join('; ').replaceAll('|', '\\|')
}

/** The object schema inside a field (directly, as array items, or as a nullable union's member). */
function nestedObject(node: SchemaNode): { node: SchemaNode; suffix: string } | undefined {
  if (node.type === 'object' && node.properties !== undefined) return { node, suffix: '' }
  if (node.type === 'array' && node.items !== undefined) {
    const inner = nestedObject(node.items)
    return inner === undefined ? undefined : { node: inner.node, suffix: `[]${inner.suffix}` }
  }
  const members = node.anyOf?.filter((m) => m.type !== 'null') ?? []
  const only = members[0]
  return members.length === 1 && only !== undefined ? nestedObject(only) : undefined
}

/**
 * One row per field of `node` (`prefix` names the enclosing field), each followed by the rows of
 * its nested object's fields (`parameters.width`, `anchors[].position.x`), so that every rule
 * of every nested value is listed.
 */
function fieldRows(node: SchemaNode, prefix: string, fields: (name: string) => boolean): string[] {
  const required = new Set(node.required ?? [])
  const rows: string[] = []
  for (const [name, field] of Object.entries(node.properties ?? {})) {
    if (!fields(name)) continue
    const path = `${prefix}${name}`
    rows.push(
      `| \`${path}\` | \`${typeOf(field)}\` | ${required.has(name) ? 'yes' : 'no'} | ${notesOf(field)} |`,
    )
    const inner = nestedObject(field)
    if (inner !== undefined) rows.push(...fieldRows(inner.node, `${path}${inner.suffix}.`, () => true))
  }
  return rows
}

function fieldTable(node: SchemaNode, fields: (name: string) => boolean): string[] {
  const rows = fieldRows(node, '', fields)
  if (rows.length === 0) return ['No fields besides the envelope.', '']
  return ['| field | type | required | notes |', '|---|---|---|---|', ...rows, '']
}

/** The Markdown text of `docs/catalog.md`. */
export function renderCatalogMarkdown(): string {
  const doc = eventCatalogJsonSchema() as { $defs: Record<string, SchemaNode> }
  const defs = doc.$defs
  const first = defs[EVENT_TYPES[0]]
  if (first === undefined) throw new Error('catalog JSON Schema has no definitions')
  const lines = [
    '# Event catalog reference',
    '',
    '<!-- Generated by `pnpm --filter @wiretuner/event-schema docs` from the catalog; do not edit. -->',
    '',
    'Every event type of the WireTuner catalog, generated from the JSON Schema shipped as',
    '`@wiretuner/event-schema/schema/events.schema.json` and the per-type metadata',
    '(`eventMetadata(type)`). Unknown keys are rejected everywhere. The fields of nested objects',
    "follow their field, named by path (`parameters.width`; `anchors[].position.x` for an array's items);",
    '"required" is within the enclosing object.',
    '',
    '| event type | undoable | undo label | sampled | schema version |',
    '|---|---|---|---|---|',
    ...EVENT_TYPES.map((type) => {
      const meta = eventMetadata(type)
      const sampled = meta.sampled ? 'yes (50 ms)' : meta.debounced ? 'debounced' : 'no'
      return `| [\`${type}\`](#${type.toLowerCase()}) | ${meta.undoable ? 'yes' : 'no'} | ${meta.label} | ${sampled} | ${meta.schemaVersion} |`
    }),
    '',
    '## Envelope (every event)',
    '',
    ...fieldTable(
      {
        ...first,
        properties: { ...first.properties, eventType: { type: 'string', description: 'the event type' } },
      },
      (name) => envelope.includes(name) && name !== 'schemaVersion',
    ),
    "`schemaVersion` is the type's version (absent means 1). `CreateShapeEvent` labels name the shape",
    '(`eventLabel`: "Create Rectangle", "Create Star"…).',
    '',
  ]
  for (const type of EVENT_TYPES) {
    const def = defs[type]
    if (def === undefined) throw new Error(`no JSON Schema definition for ${type}`)
    const meta = eventMetadata(type)
    lines.push(`## ${type}`, '')
    lines.push(
      `Undoable: ${meta.undoable ? 'yes' : 'no'}. Undo label: "${meta.label}". Sampled: ${meta.sampled ? 'yes' : 'no'}. Schema version: ${meta.schemaVersion}.`,
      '',
    )
    if (def.$comment !== undefined) lines.push(def.$comment, '')
    const variants = def.anyOf ?? [def]
    for (const variant of variants) {
      const shape = variant.properties?.shapeType?.const
      if (typeof shape === 'string') lines.push(`### shapeType \`${shape}\``, '')
      lines.push(...fieldTable(variant, (name) => !envelope.includes(name)))
    }
  }
  return `${lines.join('\n').trimEnd()}\n`
}
