/**
 * `pnpm generate` (or `pnpm docs`): writes the catalog's JSON Schema to
 * `schema/events.schema.json` and the user reference to `docs/catalog.md` (a test fails while
 * either committed file is stale).
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderEventCatalogJsonSchema } from '../src/json-schema.ts'
import { renderCatalogMarkdown } from './catalog-markdown.ts'

for (const [path, text] of [
  ['../schema/events.schema.json', renderEventCatalogJsonSchema()],
  ['../docs/catalog.md', renderCatalogMarkdown()],
] as const) {
  const target = fileURLToPath(new URL(path, import.meta.url))
  writeFileSync(target, text)
  console.log(`wrote ${target}`)
}
