import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { newEventId, serializeEvent, type DraftEvent } from '@wiretuner/event-schema'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { openWireTunerFile } from '../src/index.js'
import { MIGRATIONS } from '../src/migrations.js'
import { prepareAppend } from '../src/event-codec.js'
import { editingMix } from './workload.js'
const DOC = '99999999-9999-4999-8999-999999999999'
const dir = mkdtempSync('/tmp/scratch/p3-')
const db = new Database(join(dir, 'raw.db')); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('foreign_keys = ON')
const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) })
for (const m of Object.values(MIGRATIONS)) await m.up(k)
db.prepare('INSERT INTO metadata VALUES (?, ?, 1, 1, 1, NULL)').run(DOC, 'x')
const ins = db.prepare('INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp, user_id) VALUES (?, ?, ?, ?, ?, ?)')
const tx = db.transaction((rows: unknown[][]) => { for (const r of rows) ins.run(...r) })
const ours = await openWireTunerFile(join(dir, 'ours.wiretuner')); ours.createDocument({ documentId: DOC, title: 'x' })
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000 }
const T: Record<string, number[]> = { rawAll: [], append: [], prepare: [] }
let n1 = 0, n2 = 0
for (let s = 0; s < 70; s++) {
  const b = editingMix(DOC, 1000, () => newEventId())
  const rows = b.map((e, i) => [DOC, n1 + i, e.eventType, serializeEvent(e, n1 + i), e.timestamp, e.userId ?? 'local-user'])
  let c0 = cpu(); tx(rows); const r = cpu() - c0; n1 += 1000
  c0 = cpu(); prepareAppend(DOC, b, n2); const p = cpu() - c0
  c0 = cpu(); ours.append(DOC, b, { expectedSequence: n2 }); const a = cpu() - c0; n2 += 1000
  if (s >= 10) { T.rawAll.push(r); T.append.push(a); T.prepare.push(p) }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!
for (const [k2, v] of Object.entries(T)) console.log(k2, med(v).toFixed(2))
console.log('tx extra ≈', (med(T.append) - med(T.prepare) - med(T.rawAll)).toFixed(2))
