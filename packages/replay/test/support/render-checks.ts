/**
 * Checks shared by the render cache tests: what a session's `renderedPaths()` gives equals a
 * fresh tessellation of every object.
 */
import { type Document, decodeTessellation, tessellateObject } from '@wiretuner/vector-model'
import { expect } from 'vitest'
import type { DocumentSession } from '../../src/session.js'

/** `session.renderedPaths()` equals a fresh tessellation of every object of `doc`. */
export function expectRenderedExact(session: DocumentSession, doc: Document): void {
  const rendered = session.renderedPaths()
  expect(rendered.size).toBe(doc.objects.size)
  for (const obj of doc.objects.values()) {
    const fresh = decodeTessellation(tessellateObject(obj))
    expect([...(rendered.get(obj.id)?.vertices ?? [])]).toEqual([...fresh.vertices])
    expect([...(rendered.get(obj.id)?.indices ?? [])]).toEqual([...fresh.indices])
  }
}
