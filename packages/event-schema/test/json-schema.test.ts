/**
 * Tests of the generated JSON Schema: the committed `schema/events.schema.json` is fresh
 * (run `pnpm generate` after changing the catalog), draft 2020-12, one definition per type, and
 * generated events satisfy it (checked by TypeBox's JSON Schema engine on the plain document).
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { EVENT_TYPES, eventCatalogJsonSchema } from '../src/index.ts'
import { renderEventCatalogJsonSchema } from '../src/json-schema.ts'
import { arbitraryEvent } from '../src/testing.ts'
import { propertyParameters } from './property-runs.ts'

const committedPath = new URL('../schema/events.schema.json', import.meta.url)

describe('event catalog JSON Schema', () => {
  it('is committed and fresh (run `pnpm generate` if this fails)', () => {
    expect(readFileSync(committedPath, 'utf8')).toBe(renderEventCatalogJsonSchema())
  })

  it('is draft 2020-12 with one definition per event type', () => {
    const doc = eventCatalogJsonSchema()
    expect(doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    const defs = doc.$defs as Record<string, { 'x-wiretuner'?: unknown }>
    for (const type of EVENT_TYPES) expect(defs[type]?.['x-wiretuner']).toBeDefined()
    expect(doc.oneOf).toHaveLength(EVENT_TYPES.length)
  })

  it('accepts generated events and rejects unknown keys', () => {
    const doc = JSON.parse(readFileSync(committedPath, 'utf8'))
    const check = Compile(doc)
    fc.assert(
      fc.property(arbitraryEvent(), (event) => {
        expect(check.Check(JSON.parse(JSON.stringify(event)))).toBe(true)
        expect(check.Check({ ...event, unknownKey: 1 })).toBe(false)
      }),
      propertyParameters,
    )
  })
})
