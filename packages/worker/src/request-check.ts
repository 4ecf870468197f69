/**
 * Reads a message received by the engine Worker as an {@link EngineRequest}: a known `op`, an
 * integer `id`, and arguments of the right types; anything else is a `WorkerError`
 * (`invalid-request`) naming the field. The engine itself checks values (names, sequences, events).
 */
import { WorkerError } from './errors.js'
import type { EngineOp, EngineRequest } from './protocol.js'

type FieldType = 'string' | 'integer' | 'bytes' | 'object' | 'array' | 'string?'

/** The arguments of each request and their types. */
const ARGUMENTS: Readonly<Record<EngineOp, Readonly<Record<string, FieldType>>>> = {
  list: {},
  import: { name: 'string', bytes: 'bytes' },
  export: { name: 'string' },
  delete: { name: 'string' },
  create: { name: 'string', document: 'object', options: 'object' },
  open: { name: 'string', options: 'object' },
  dispatch: { session: 'integer', events: 'array' },
  sample: { session: 'integer', events: 'array' },
  endGesture: { session: 'integer' },
  undo: { session: 'integer' },
  redo: { session: 'integer' },
  documentAt: { session: 'integer', sequence: 'integer' },
  svgAt: { session: 'integer', sequence: 'integer', artboardId: 'string?' },
  prepareTimeTravel: { session: 'integer' },
  events: { session: 'integer', from: 'integer', to: 'integer' },
  undoGroups: { session: 'integer' },
  describe: { session: 'integer' },
  validate: { session: 'integer' },
  close: { session: 'integer' },
}

const DESCRIPTIONS: Readonly<Record<FieldType, string>> = {
  string: 'a string',
  'string?': 'a string or absent',
  integer: 'a safe integer',
  bytes: 'a Uint8Array',
  object: 'an object',
  array: 'an array',
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string'
    case 'string?':
      return value === undefined || typeof value === 'string'
    case 'integer':
      return Number.isSafeInteger(value)
    case 'bytes':
      return value instanceof Uint8Array
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'array':
      return Array.isArray(value)
  }
}

/** The request id of `message` when it has a usable one (to answer even an invalid request). */
export function requestId(message: unknown): number | undefined {
  const id = (message as { id?: unknown } | null)?.id
  return Number.isSafeInteger(id) ? (id as number) : undefined
}

/** `message` as a request; throws `invalid-request` naming what is wrong. */
export function checkRequest(message: unknown): EngineRequest {
  if (typeof message !== 'object' || message === null)
    throw new WorkerError('invalid-request', `engine request: expected an object, got ${typeof message}`)
  const record = message as Record<string, unknown>
  const op = record.op
  if (typeof op !== 'string' || !Object.hasOwn(ARGUMENTS, op))
    throw new WorkerError('invalid-request', `engine request: unknown op ${JSON.stringify(op)}`)
  if (requestId(message) === undefined)
    throw new WorkerError('invalid-request', `engine request ${op}: "id" must be a safe integer`)
  for (const [field, type] of Object.entries(ARGUMENTS[op as EngineOp])) {
    if (!hasType(record[field], type)) {
      throw new WorkerError(
        'invalid-request',
        `engine request ${op}: "${field}" must be ${DESCRIPTIONS[type]}`,
      )
    }
  }
  return message as EngineRequest
}
