/**
 * `eventUserId` reads one payload's `userId` without decoding the event: in SQL on the SQLite
 * stores (`SQL.eventUserId`, json_valid / json_type / json_extract), in JavaScript on the others
 * (`payloadUserId`). Both must give the same answer for every payload, damaged ones included:
 * a string `userId`, or nothing.
 */
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { payloadUserId } from '../src/log-decoding.ts'
import { SQL } from '../src/queries.ts'

const PAYLOADS: readonly [string, string | undefined][] = [
  ['{"eventId":"e","userId":"u-1"}', 'u-1'],
  ['{"eventId":"e","userId":""}', ''],
  ['{"eventId":"e","userId":"ü \\"quoted\\" \\u00e9"}', 'ü "quoted" é'],
  ['{"eventId":"e"}', undefined],
  ['{"userId":null}', undefined],
  ['{"userId":5}', undefined],
  ['{"userId":{"id":"u"}}', undefined],
  ['{"userId":["u"]}', undefined],
  ['["userId"]', undefined],
  ['null', undefined],
  ['not json', undefined],
  ['{"userId":"u"', undefined],
  ['', undefined],
]

describe('eventUserId: the payload probe', () => {
  it('SQL and JavaScript agree on every payload, damaged ones included', () => {
    const db = new Database(':memory:')
    db.exec('create table events (document_id text, event_sequence integer, event_payload text)')
    const insert = db.prepare('insert into events values (?, ?, ?)')
    for (const [i, [payload]] of PAYLOADS.entries()) insert.run('d', i, payload)
    const query = db.prepare(SQL.eventUserId)
    for (const [i, [payload, expected]] of PAYLOADS.entries()) {
      const row = query.get('d', i) as { user_id: string | null } | undefined
      expect({ payload, sql: row?.user_id ?? undefined }).toEqual({ payload, sql: expected })
      expect({ payload, js: payloadUserId(payload) }).toEqual({ payload, js: expected })
    }
    expect(query.get('d', PAYLOADS.length)).toBeUndefined()
    db.close()
  })
})
