/**
 * Type-level test (checked by `pnpm typecheck`, which includes `test/`): every hand-written event
 * type in `src/types.ts` is exactly the deeply read-only static type TypeBox derives from its
 * schema in `src/catalog.ts`, so the schemas stay the single source of truth. A mismatch (a
 * missing, extra, optional-vs-required or differently typed field) fails compilation here.
 */
import type { Static } from 'typebox'
import type {
  CreateEllipseEventSchema,
  CreatePolygonEventSchema,
  CreateRectangleEventSchema,
  CreateStarEventSchema,
  EVENT_SCHEMAS,
  EventType,
} from '../src/catalog.ts'
import type { Bounds as BoundsSchema, Point as PointSchema, Style as StyleSchema } from '../src/primitives.ts'
import type {
  Bounds,
  CreateEllipseEvent,
  CreatePolygonEvent,
  CreateRectangleEvent,
  CreateStarEvent,
  EventOfType,
  Immutable,
  Point,
  Style,
} from '../src/types.ts'

/** `true` only when A and B are identical types (readonly and optional modifiers included). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
/** Compiles only for `true`. */
type Assert<T extends true> = T
/** Flattens interfaces and mapped types into plain object types so `Equal` compares members. */
type Flat<T> = T extends (infer U)[]
  ? Flat<U>[]
  : T extends readonly (infer U)[]
    ? readonly Flat<U>[]
    : T extends object
      ? { [K in keyof T]: Flat<T[K]> }
      : T
type Same<A, B> = Equal<Flat<A>, Flat<Immutable<B>>>

type PerType = {
  [K in Exclude<EventType, 'CreateShapeEvent'>]: Same<EventOfType<K>, Static<(typeof EVENT_SCHEMAS)[K]>>
}

/** The assertions (exported so that unused-type lints leave them alone). */
export type TypeAssertions = [
  Assert<PerType[Exclude<EventType, 'CreateShapeEvent'>]>,
  Assert<Same<CreateRectangleEvent, Static<typeof CreateRectangleEventSchema>>>,
  Assert<Same<CreateEllipseEvent, Static<typeof CreateEllipseEventSchema>>>,
  Assert<Same<CreatePolygonEvent, Static<typeof CreatePolygonEventSchema>>>,
  Assert<Same<CreateStarEvent, Static<typeof CreateStarEventSchema>>>,
  Assert<Same<Point, Static<typeof PointSchema>>>,
  Assert<Same<Bounds, Static<typeof BoundsSchema>>>,
  Assert<Same<Style, Static<typeof StyleSchema>>>,
]
