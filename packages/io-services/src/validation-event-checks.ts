/**
 * `validateFile`'s checks of the log: SQLite's own integrity and foreign-key checks, the seed's
 * required-field checks on `events`, every payload decoded against its row, the eventId
 * uniqueness (and its index, format 2+) and the cached counts (format 3+). Each is a
 * {@link ValidationStep} of the table in `validate-connection.ts`; the documents and their event counts
 * are gathered here for the snapshot checks.
 */
import { EVENT_TYPES, isUuidV4 } from '@wiretuner/event-schema'
import { decodeRows, type StoredRow } from './log-decoding.js'
import {
  FORMAT_WITH_EVENT_COUNTS,
  FORMAT_WITH_EVENT_ID_INDEX,
  INDEX_EVENTS_EVENT_ID,
  TRIGGER_EVENT_COUNTS_DELETE,
  TRIGGER_EVENT_COUNTS_UPDATE,
} from './schema.js'
import { type CheckName, rows, singleCheck, type ValidationStep } from './validation-context.js'

/** The checks of this module, by id and description. */
export const EVENT_CHECKS = {
  integrity: ['sqlite.integrity-check', 'PRAGMA integrity_check is ok'],
  foreignKeyCheck: ['sqlite.foreign-key-check', 'PRAGMA foreign_key_check finds no orphan rows'],
  documentId: ['events.document-id', 'document_id is a valid lower-case UUIDv4 and exists in metadata'],
  sequenceUnique: ['events.sequence-unique', 'event_sequence is non-negative and unique within its document'],
  gapFree: ['events.sequence-gap-free', 'event_sequence runs 0, 1, 2, ... without gaps in every document'],
  typeKnown: ['events.event-type-known', 'event_type names a type of the event catalog'],
  timestamp: ['events.timestamp-positive', 'timestamp is a positive integer (Unix milliseconds)'],
  payload: [
    'events.payload-valid',
    'every event_payload is a valid event of its row (type, sequence, document)',
  ],
  firstEvent: [
    'events.first-is-create-document',
    'every document with events starts with a CreateDocumentEvent at sequence 0',
  ],
  eventIdUnique: [
    'events.event-id-unique',
    'no eventId is stored twice (across the whole file; format 2 enforces it with idx_events_event_id)',
  ],
  eventIdIndex: [
    `index.${INDEX_EVENTS_EVENT_ID}.exists`,
    `${INDEX_EVENTS_EVENT_ID}, the unique index on the payload's eventId, exists (format 2 and later)`,
  ],
  countCache: [
    'events.count-cache',
    'event_counts and its triggers exist, and every cached count equals the rows stored',
  ],
} as const satisfies Record<string, CheckName>
const CHECK = EVENT_CHECKS

/** `PRAGMA integrity_check` says `ok`. */
export const integrityCheck = singleCheck(CHECK.integrity, ({ db, report }) => {
  const result = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
  report.add(CHECK.integrity, result.length === 1 && result[0] === 'ok' ? [] : result)
})

/** `PRAGMA foreign_key_check` finds no orphan. */
export const foreignKeyCheck = singleCheck(CHECK.foreignKeyCheck, ({ db, report }) => {
  const orphans = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
  report.add(
    CHECK.foreignKeyCheck,
    orphans.map((r) => `${r.table} row ${r.rowid} references a missing ${r.parent} row`),
  )
})

/** Document ids are lower-case UUIDv4 and every event's document exists; gathers the documents. */
export const documentIdCheck = singleCheck(CHECK.documentId, ({ db, report, facts }) => {
  const ids = rows<{ document_id: string }>(db, 'SELECT document_id FROM metadata ORDER BY rowid').map(
    (r) => r.document_id,
  )
  facts.documentIds = ids
  const known = new Set(ids)
  const eventDocs = rows<{ document_id: string }>(db, 'SELECT DISTINCT document_id FROM events').map(
    (r) => r.document_id,
  )
  report.add(CHECK.documentId, [
    ...ids
      .filter((id) => !isUuidV4(id))
      .map((id) => `metadata document_id ${JSON.stringify(id)} is not a lower-case UUIDv4`),
    ...eventDocs
      .filter((id) => !known.has(id))
      .map((id) => `events reference document ${JSON.stringify(id)}, absent from metadata`),
  ])
})

/** Sequences are non-negative integers, each once per document. */
export const sequenceUniqueCheck = singleCheck(CHECK.sequenceUnique, ({ db, report }) => {
  const negatives = rows<{ document_id: string; event_sequence: unknown }>(
    db,
    "SELECT document_id, event_sequence FROM events WHERE event_sequence < 0 OR typeof(event_sequence) <> 'integer'",
  )
  const dups = rows<{ document_id: string; event_sequence: number; n: number }>(
    db,
    'SELECT document_id, event_sequence, count(*) AS n FROM events GROUP BY document_id, event_sequence HAVING n > 1',
  )
  report.add(CHECK.sequenceUnique, [
    ...negatives.map(
      (r) =>
        `document ${r.document_id}: event_sequence ${String(r.event_sequence)} is not a non-negative integer`,
    ),
    ...dups.map((r) => `document ${r.document_id}: event_sequence ${r.event_sequence} appears ${r.n} times`),
  ])
})

/** No sequence is missing between 0 and a document's last. */
export const gapFreeCheck = singleCheck(CHECK.gapFree, ({ db, report }) => {
  const gaps = rows<{ document_id: string; prev: number; event_sequence: number }>(
    db,
    `SELECT document_id, prev, event_sequence FROM (
       SELECT document_id, event_sequence,
              lag(event_sequence, 1, -1) OVER (PARTITION BY document_id ORDER BY event_sequence) AS prev
       FROM events) WHERE event_sequence > prev + 1`,
  )
  report.add(
    CHECK.gapFree,
    gaps.map(
      (g) => `document ${g.document_id}: sequences ${g.prev + 1}..${g.event_sequence - 1} are missing`,
    ),
  )
})

/** Every event_type is in the catalog. */
export const typeKnownCheck = singleCheck(CHECK.typeKnown, ({ db, report }) => {
  const catalog = new Set<string>(EVENT_TYPES)
  const types = rows<{ event_type: string; n: number }>(
    db,
    'SELECT event_type, count(*) AS n FROM events GROUP BY event_type',
  )
  report.add(
    CHECK.typeKnown,
    types
      .filter((t) => !catalog.has(t.event_type))
      .map((t) => `${t.n} event(s) of unknown type ${JSON.stringify(t.event_type)}`),
  )
})

/** Every timestamp is a positive integer. */
export const timestampCheck = singleCheck(CHECK.timestamp, ({ db, report }) => {
  const bad = rows<{ document_id: string; event_sequence: number; timestamp: unknown }>(
    db,
    "SELECT document_id, event_sequence, timestamp FROM events WHERE typeof(timestamp) <> 'integer' OR timestamp <= 0",
  )
  report.add(
    CHECK.timestamp,
    bad.map(
      (r) => `document ${r.document_id} sequence ${r.event_sequence}: timestamp ${String(r.timestamp)}`,
    ),
  )
})

/** What the first decoded row of a document says about its start (undefined when fine). */
function startFinding(
  id: string,
  item: { kind: string; sequence: number; eventType: string },
): string | undefined {
  if (item.kind !== 'event' || item.eventType !== 'CreateDocumentEvent')
    return `document ${id}: the first stored event (sequence ${item.sequence}) is ${item.kind === 'event' ? `a ${item.eventType}` : `invalid (${item.eventType})`}, not a CreateDocumentEvent at 0`
  if (item.sequence !== 0)
    return `document ${id}: the CreateDocumentEvent is at sequence ${item.sequence}, not 0`
  return undefined
}

/**
 * Every stored event parses, validates (upcasting older forms) and agrees with its row; with
 * `documentStart`, every document starts with its CreateDocumentEvent at 0. Gathers the counts.
 */
export const payloadCheck: ValidationStep = {
  checks: ({ documentStart }) =>
    documentStart === 'off' ? [CHECK.payload] : [CHECK.payload, CHECK.firstEvent],
  run: ({ db, report, facts, settings }) => {
    const invalid: string[] = []
    const firsts: string[] = []
    const stmt = db.prepare(
      'SELECT event_sequence, event_type, event_payload FROM events WHERE document_id = ? ORDER BY event_sequence',
    )
    for (const id of facts.documentIds) {
      let n = 0
      for (const item of decodeRows(id, stmt.iterate(id) as IterableIterator<StoredRow>, 0)) {
        if (item.kind === 'gap') continue
        const eventType = item.kind === 'event' ? item.event.eventType : item.eventType
        const finding =
          n === 0 ? startFinding(id, { kind: item.kind, sequence: item.sequence, eventType }) : undefined
        if (finding !== undefined) firsts.push(finding)
        n++
        if (item.kind === 'invalid')
          invalid.push(`document ${id} sequence ${item.sequence} (${item.eventType}): ${item.reason}`)
      }
      if (n === 0)
        firsts.push(
          `document ${id} has no events: not even its CreateDocumentEvent (an interrupted creation)`,
        )
      facts.eventCounts.set(id, n)
    }
    report.add(CHECK.payload, invalid)
    if (settings.documentStart !== 'off') report.add(CHECK.firstEvent, firsts, settings.documentStart)
  },
}

/** No payload eventId is stored twice (migration 2's unique index would fail: damage). */
export const eventIdUniqueCheck = singleCheck(CHECK.eventIdUnique, ({ db, report }) => {
  // (The alias must not be `event_id`: that names the table's own integer key.)
  const dups = rows<{ payload_event_id: string; n: number }>(
    db,
    `SELECT json_extract(event_payload, '$.eventId') AS payload_event_id, count(*) AS n FROM events
     WHERE json_valid(event_payload) AND json_extract(event_payload, '$.eventId') IS NOT NULL
     GROUP BY payload_event_id HAVING n > 1`,
  )
  report.add(
    CHECK.eventIdUnique,
    dups.map((d) => `eventId ${JSON.stringify(d.payload_event_id)} is stored ${d.n} times`),
  )
})

/** The unique index on the payload's eventId exists (format 2+; skipped before). */
export const eventIdIndexCheck = singleCheck(CHECK.eventIdIndex, ({ db, report, formatVersion }) => {
  if (formatVersion < FORMAT_WITH_EVENT_ID_INDEX) {
    report.skip(
      CHECK.eventIdIndex,
      `not part of format ${formatVersion}: arrives with format ${FORMAT_WITH_EVENT_ID_INDEX} (next read-write open)`,
    )
    return
  }
  const found = rows<{ sql: string | null; tbl_name: string }>(
    db,
    "SELECT sql, tbl_name FROM sqlite_master WHERE type = 'index' AND name = ?",
    INDEX_EVENTS_EVENT_ID,
  )[0]
  const unique = found?.sql?.toUpperCase().startsWith('CREATE UNIQUE INDEX') === true
  report.add(
    CHECK.eventIdIndex,
    found === undefined
      ? [`${INDEX_EVENTS_EVENT_ID} is missing: the same eventId could be stored twice`]
      : found.tbl_name !== 'events' || !unique
        ? [`${INDEX_EVENTS_EVENT_ID} is not a unique index on events`]
        : [],
  )
})

/**
 * `event_counts` and its triggers exist (else fail) and every cached count equals the rows (else
 * warn: the store detects a stale count and counts the rows). Format 3+; skipped before.
 */
export const countCacheCheck = singleCheck(CHECK.countCache, ({ db, report, formatVersion }) => {
  if (formatVersion < FORMAT_WITH_EVENT_COUNTS) {
    report.skip(
      CHECK.countCache,
      `not part of format ${formatVersion}: event_counts arrives with format ${FORMAT_WITH_EVENT_COUNTS} (readers count the rows meanwhile)`,
    )
    return
  }
  const objects = new Set(
    rows<{ name: string }>(
      db,
      "SELECT name FROM sqlite_master WHERE (type = 'table' AND name = 'event_counts') OR (type = 'trigger' AND tbl_name = 'events')",
    ).map((r) => r.name),
  )
  const missing = ['event_counts', TRIGGER_EVENT_COUNTS_DELETE, TRIGGER_EVENT_COUNTS_UPDATE]
    .filter((name) => !objects.has(name))
    .map((name) => `${name} is missing: counts cannot be trusted (the store would be wrong after a delete)`)
  if (missing.length > 0) {
    report.add(CHECK.countCache, missing)
    return
  }
  const stale = rows<{ document_id: string; cached: number; n: number }>(
    db,
    `SELECT c.document_id, c.event_count AS cached,
            (SELECT count(*) FROM events e WHERE e.document_id = c.document_id) AS n
     FROM event_counts c WHERE cached <> n`,
  )
  report.add(
    CHECK.countCache,
    stale.map(
      (r) =>
        `document ${r.document_id}: cached count ${r.cached}, ${r.n} rows stored (rows written outside io-services?)`,
    ),
    'warn',
  )
})
