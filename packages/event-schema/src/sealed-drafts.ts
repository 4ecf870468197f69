/**
 * Sealed drafts: a validated draft turned into a deep-frozen copy of plain data (the catalog's
 * keys only, in canonical order) whose canonical JSON is computed once, when it is sealed. A
 * sealed draft cannot change afterwards, so it needs no second validation and no second
 * serialization: `validateDraftEvent` accepts it at the cost of a `WeakMap` lookup and
 * `serializeEvent(draft, sequence)` splices the sequence into the stored JSON. Only this module
 * can seal (the map is private); an unsealed object, e.g. a spread copy of a sealed draft, goes
 * through the full validation and serialization as before.
 */

import { asNode, type SchemaNode } from './schema-node.js'
import { isSealedDraft, sealDraftJson } from './sealed-store.js'
import { serializationSchemaFor, unionMember } from './serialize.js'
import type { DraftEvent } from './types.js'

/** A frozen copy of a value of the schema node it was validated against. */
type Copy = (value: unknown) => unknown

const copies = new WeakMap<SchemaNode, Copy>()

function copierOf(node: SchemaNode): Copy {
  let copy = copies.get(node)
  if (copy === undefined) {
    copy = buildCopier(node)
    copies.set(node, copy)
  }
  return copy
}

function buildCopier(node: SchemaNode): Copy {
  if (node.anyOf !== undefined) {
    const only = unionMember(node.anyOf)
    if (only === undefined) return (v) => v
    const inner = copierOf(only)
    return (v) => (v === null ? null : inner(v))
  }
  if ('const' in node) return (v) => v
  switch (node.type) {
    case 'array': {
      if (node.items === undefined) throw new Error('unsupported untyped array in sealed copy')
      const item = copierOf(node.items)
      return (v) => Object.freeze((v as readonly unknown[]).map((x) => item(x)))
    }
    case 'object': {
      const keys: string[] = []
      const children: Copy[] = []
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (key === '__proto__') throw new Error('unsupported key __proto__ in sealed copy')
        keys.push(key)
        children.push(copierOf(child))
      }
      return (v) => {
        const source = v as Record<string, unknown>
        const out: Record<string, unknown> = {}
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string
          const value = source[key]
          if (value !== undefined) out[key] = (children[i] as Copy)(value)
        }
        return Object.freeze(out)
      }
    }
    default:
      return (v) => v // scalars
  }
}

const rootCopies = new Map<string, Copy>()

/** The copier of an event type or shape kind (draft form), or undefined for an unknown key. */
function rootCopier(key: string): Copy | undefined {
  let copy = rootCopies.get(key)
  if (copy === undefined) {
    const schema = serializationSchemaFor(key)
    if (schema === undefined) return undefined
    copy = copierOf(asNode(schema))
    rootCopies.set(key, copy)
  }
  return copy
}

/**
 * Seals a draft that has JUST passed `validateDraftEvent` (the caller's duty; internal): returns a
 * deep-frozen copy of its catalog keys (the values the validation read, read once more, as the
 * serializer always did) and remembers its canonical JSON. A draft that carries `eventSequence`
 * is returned as it is, unsealed (the store numbers events; such drafts take the full path).
 */
export function sealValidatedDraft(draft: DraftEvent): DraftEvent {
  if (draft.eventSequence !== undefined || isSealedDraft(draft)) return draft
  const copy = rootCopier(draft.eventType === 'CreateShapeEvent' ? draft.shapeType : draft.eventType)
  if (copy === undefined) return draft
  const frozen = copy(draft) as DraftEvent
  // The copy holds the catalog's keys in canonical order, no `undefined` values: JSON.stringify
  // writes exactly what the generated serializer writes (tested against it).
  sealDraftJson(frozen, JSON.stringify(frozen))
  return frozen
}
