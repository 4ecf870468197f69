/**
 * `pnpm generate`: writes the catalog's JSON Schema to `docs/event-catalog.schema.json`
 * (a test fails while the committed file is stale).
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderEventCatalogJsonSchema } from '../src/index.ts'

const target = fileURLToPath(new URL('../docs/event-catalog.schema.json', import.meta.url))
writeFileSync(target, renderEventCatalogJsonSchema())
console.log(`wrote ${target}`)
