/**
 * The JSON Schema subset the catalog uses, as read by this package's schema interpreters (the
 * check compiler, the issue walker and the serializer generator). TypeBox schemas are plain JSON
 * Schema objects at run time, so they are read through this view.
 */
import type { TSchema } from 'typebox'

/** One schema node: only the keywords the catalog uses. */
export interface SchemaNode {
  readonly type?: string
  readonly const?: unknown
  readonly anyOf?: readonly SchemaNode[]
  readonly properties?: Readonly<Record<string, SchemaNode>>
  readonly required?: readonly string[]
  readonly items?: SchemaNode
  readonly minItems?: number
  readonly maxItems?: number
  readonly minLength?: number
  readonly maxLength?: number
  readonly pattern?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly exclusiveMinimum?: number
  readonly exclusiveMaximum?: number
}

/** Views a TypeBox schema as a {@link SchemaNode}. */
export function asNode(schema: TSchema): SchemaNode {
  return schema as unknown as SchemaNode
}

/** Number of Unicode code points of a string (JSON Schema string lengths count code points). */
export function codePoints(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}
