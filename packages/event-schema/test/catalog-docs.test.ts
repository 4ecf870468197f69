/**
 * The committed event catalog reference (`docs/catalog.md`) is the one generated from the
 * catalog (run `pnpm --filter @wiretuner/event-schema docs` if this fails), and it names every type.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderCatalogMarkdown } from '../scripts/catalog-markdown.ts'
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

  it('ships the JSON Schema as a package export', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    expect(manifest.files).toContain('schema')
    expect(manifest.exports['./schema/events.schema.json']).toBe('./schema/events.schema.json')
    expect(manifest.publishConfig.exports['./schema/events.schema.json']).toBe('./schema/events.schema.json')
  })
})
