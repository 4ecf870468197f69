/**
 * The committed event catalog reference (`docs/catalog.md`) is the one generated from the
 * catalog (run `pnpm --filter @wiretuner/event-schema docs` if this fails), and it names every type.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderCatalogMarkdown } from '../scripts/catalog-markdown.ts'
import { SHAPE_EVENT_SCHEMAS } from '../src/catalog.ts'
import { EVENT_TYPES, eventMetadata } from '../src/index.ts'

const committed = readFileSync(new URL('../docs/catalog.md', import.meta.url), 'utf8')

describe('event catalog reference', () => {
  it('is committed and fresh', () => {
    expect(committed).toBe(renderCatalogMarkdown())
  })

  it('has a section, an undoable flag and a label for every event type', () => {
    for (const type of EVENT_TYPES) {
      const meta = eventMetadata(type)
      expect(committed).toContain(`## ${type}\n`)
      expect(committed).toContain(`Undoable: ${meta.undoable ? 'yes' : 'no'}. Undo label: "${meta.label}".`)
    }
  })

  it('lists the rules of nested objects: parameters per shape kind, anchors, style', () => {
    for (const [shape, schema] of Object.entries(SHAPE_EVENT_SCHEMAS)) {
      const section = committed.slice(committed.indexOf(`### shapeType \`${shape}\``))
      for (const key of Object.keys(schema.properties.parameters.properties)) {
        expect(section, `${shape} parameters.${key}`).toContain(`| \`parameters.${key}\` |`)
      }
    }
    expect(committed).toContain('| `parameters.width` | `number` | yes | range (0).. |')
    expect(committed).toContain('| `parameters.sides` | `integer` | yes | range 3..')
    expect(committed).toContain('| `style.opacity` | `number` | no | range 0..1 |')
    expect(committed).toContain(
      '| `style.fill` | `string` | no | pattern `^#[0-9A-Fa-f]{6}$`; colour #RRGGBB |',
    )
    expect(committed).toContain('| `handleIn.x` | `number` | yes |')
  })

  it('ships the JSON Schema as a package export', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    expect(manifest.files).toContain('schema')
    expect(manifest.exports['./schema/events.schema.json']).toBe('./schema/events.schema.json')
    expect(manifest.publishConfig.exports['./schema/events.schema.json']).toBe('./schema/events.schema.json')
  })
})
