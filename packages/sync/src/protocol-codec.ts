/**
 * Decoding of received messages: every message is checked field by field before anything uses
 * it (a peer is never trusted), and a bad one gives a `SyncError` (`malformed-message`,
 * `unsupported-protocol`) in a result instead of throwing. Events inside a server message are
 * parsed with event-schema (`parseEvent`); the events of a client's push are left to the server,
 * which validates and answers them one by one.
 */
import { parseEvent, type WireTunerEvent } from '@wiretuner/event-schema'
import { SyncError } from './errors.js'
import {
  type AckedEvent,
  type ClientMessage,
  PROTOCOL_VERSION,
  type PresenceState,
  type RejectCode,
  type ServerErrorCode,
  type ServerMessage,
} from './protocol.js'

/** Result of decoding a message: the message, or why it is refused. */
export type DecodeResult<T> =
  | { readonly ok: true; readonly message: T }
  | { readonly ok: false; readonly error: SyncError }

type Fields = Record<string, unknown>

/** Thrown inside the decoders only; turned into a result at their boundary. */
class Malformed extends Error {}

const MAX_ID = 200
const MAX_SELECTION = 10_000
const REJECT_CODES: ReadonlySet<string> = new Set<RejectCode>([
  'invalid-event',
  'wrong-document',
  'foreign-user',
  'forbidden',
  'not-applicable',
  'nothing-to-undo',
  'nothing-to-redo',
  'storage-failed',
])
const ERROR_CODES: ReadonlySet<string> = new Set<ServerErrorCode>([
  'malformed-message',
  'unsupported-protocol',
  'message-too-large',
  'unauthorized',
  'rate-limited',
  'timeout',
  'unknown-document',
  'storage-failed',
  'server-closing',
])
const COLOUR = /^#[0-9a-f]{6}$/i

function fail(what: string): never {
  throw new Malformed(what)
}

function str(o: Fields, key: string, max = MAX_ID): string {
  const v = o[key]
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    fail(`"${key}" must be a string of 1..${max} characters`)
  return v
}

function int(o: Fields, key: string, min = -1): number {
  const v = o[key]
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    fail(`"${key}" must be an integer >= ${min}`)
  return v
}

function num(o: Fields, key: string): number {
  const v = o[key]
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`"${key}" must be a finite number`)
  return v
}

function obj(v: unknown, what: string): Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} must be a JSON object`)
  return v as Fields
}

function arr(o: Fields, key: string): readonly unknown[] {
  const v = o[key]
  if (!Array.isArray(v)) fail(`"${key}" must be an array`)
  return v
}

/** Checks a presence state (shared by both directions). */
function presenceState(value: unknown): PresenceState {
  const o = obj(value, '"state"')
  const colour = str(o, 'colour', 7)
  if (!COLOUR.test(colour)) fail('"colour" must be #rrggbb')
  const cursor = o.cursor === null ? null : obj(o.cursor, '"cursor"')
  const viewport = o.viewport === null ? null : obj(o.viewport, '"viewport"')
  const selection = arr(o, 'selection')
  if (selection.length > MAX_SELECTION) fail(`"selection" holds more than ${MAX_SELECTION} ids`)
  for (const id of selection)
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) fail('"selection" must hold ids')
  return {
    name: str(o, 'name', 100),
    colour,
    cursor: cursor === null ? null : { x: num(cursor, 'x'), y: num(cursor, 'y') },
    selection: selection as readonly string[],
    viewport:
      viewport === null
        ? null
        : { panX: num(viewport, 'panX'), panY: num(viewport, 'panY'), zoom: num(viewport, 'zoom') },
  }
}

function parseJson(text: string): Fields {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    fail('not valid JSON')
  }
  return obj(value, 'a message')
}

function decode<T>(text: unknown, side: string, run: (o: Fields) => T): DecodeResult<T> {
  try {
    if (typeof text !== 'string') fail('not a text frame')
    return { ok: true, message: run(parseJson(text)) }
  } catch (error) {
    if (error instanceof SyncError) return { ok: false, error }
    if (error instanceof Malformed) {
      return {
        ok: false,
        error: new SyncError('malformed-message', `${side} message refused: ${error.message}`, {
          cause: error,
        }),
      }
    }
    throw error
  }
}

function protocol(o: Fields): number {
  const version = int(o, 'protocol', 0)
  if (version !== PROTOCOL_VERSION) {
    throw new SyncError(
      'unsupported-protocol',
      `protocol version ${version} is not supported (this side speaks ${PROTOCOL_VERSION})`,
    )
  }
  return version
}

/** Decodes a message a client sent (run by the server on every frame). */
export function decodeClientMessage(text: unknown): DecodeResult<ClientMessage> {
  return decode(text, 'client', (o): ClientMessage => {
    switch (o.type) {
      case 'hello':
        return {
          type: 'hello',
          protocol: protocol(o),
          token: str(o, 'token', 4096),
          documentId: str(o, 'documentId'),
        }
      case 'catch-up':
        return { type: 'catch-up', since: int(o, 'since') }
      case 'push':
        return { type: 'push', baseSequence: int(o, 'baseSequence'), events: arr(o, 'events') }
      case 'presence':
        return { type: 'presence', state: presenceState(o.state) }
      case 'ping':
        return { type: 'ping' }
      default:
        return fail(`unknown message type ${JSON.stringify(o.type)}`)
    }
  })
}

function events(list: readonly unknown[], from: number): WireTunerEvent[] {
  return list.map((item, i) => {
    const parsed = parseEvent(item)
    if (!parsed.ok) fail(`event ${i} is invalid: ${parsed.error.message}`)
    if (parsed.value.eventSequence !== from + i)
      fail(`event ${i} has sequence ${parsed.value.eventSequence}, expected ${from + i}`)
    return parsed.value
  })
}

function acked(value: unknown): AckedEvent {
  const o = obj(value, 'an acked event')
  return { eventId: str(o, 'eventId'), sequence: int(o, 'sequence', 0) }
}

/** Decodes a message the server sent (run by the client on every frame; events are validated). */
export function decodeServerMessage(text: unknown): DecodeResult<ServerMessage> {
  return decode(text, 'server', (o): ServerMessage => {
    switch (o.type) {
      case 'welcome': {
        const access = o.access
        if (access !== 'read' && access !== 'write') fail('"access" must be read or write')
        return {
          type: 'welcome',
          protocol: protocol(o),
          documentId: str(o, 'documentId'),
          userId: str(o, 'userId'),
          sessionId: str(o, 'sessionId'),
          access,
          head: int(o, 'head'),
        }
      }
      case 'broadcast': {
        const from = int(o, 'from', 0)
        const to = int(o, 'to')
        const list = arr(o, 'events')
        if (to - from + 1 !== list.length)
          fail(`"from".."to" (${from}..${to}) does not match ${list.length} events`)
        if (typeof o.catchUp !== 'boolean') fail('"catchUp" must be a boolean')
        return { type: 'broadcast', from, to, events: events(list, from), catchUp: o.catchUp }
      }
      case 'ack':
        return { type: 'ack', accepted: arr(o, 'accepted').map(acked) }
      case 'reject': {
        const code = str(o, 'code')
        if (!REJECT_CODES.has(code)) fail(`unknown reject code ${JSON.stringify(code)}`)
        return {
          type: 'reject',
          eventId: o.eventId === null ? null : str(o, 'eventId'),
          code: code as RejectCode,
          reason: str(o, 'reason', 10_000),
        }
      }
      case 'presence':
        return {
          type: 'presence',
          sessionId: str(o, 'sessionId'),
          userId: str(o, 'userId'),
          state: presenceState(o.state),
        }
      case 'presence-leave':
        return { type: 'presence-leave', sessionId: str(o, 'sessionId'), userId: str(o, 'userId') }
      case 'pong':
        return { type: 'pong' }
      case 'error': {
        const code = str(o, 'code')
        if (!ERROR_CODES.has(code)) fail(`unknown error code ${JSON.stringify(code)}`)
        return { type: 'error', code: code as ServerErrorCode, reason: str(o, 'reason', 10_000) }
      }
      default:
        return fail(`unknown message type ${JSON.stringify(o.type)}`)
    }
  })
}

/** Encodes a message (either direction) as the text of one frame. */
export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message)
}
