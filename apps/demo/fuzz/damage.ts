/**
 * The fuzz campaign's damage: what disks and bugs do to a .wiretuner file, as a table of named
 * kinds, each applied to a fresh copy of a valid file with a seeded random source (the same case
 * seed always gives the same bytes). Byte damage (bit flips in a random page, truncation, zeroed
 * pages, a stale or foreign `-wal`) works on the file's bytes; row damage edits rows behind the
 * engine's back with better-sqlite3 (invalid JSON, deep nesting, huge strings, wrong types, gaps,
 * duplicates, another document's events, damaged or stale snapshots).
 */
import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import type { Random } from '@wiretuner/replay/testing'
import Database from 'better-sqlite3'

/** The valid files a campaign damages, built once (see `setup.ts`). */
export interface FuzzBase {
  /** The document every case damages. */
  readonly file: string
  /** Its log's length. */
  readonly events: number
  /** Another valid document (its events and WAL are the "foreign" ones). */
  readonly other: string
  /** A WAL of `file` captured before the file was rewritten by VACUUM (stale). */
  readonly staleWal: string
  /** A WAL of `other` (foreign to `file`). */
  readonly foreignWal: string
}

/** One kind of damage. */
export interface DamageKind {
  readonly id: string
  readonly description: string
  /** Damages `target` (a fresh copy of the base file); returns a one-line account of what it did. */
  apply(target: string, base: FuzzBase, random: Random): string
}

const PAGE = 4096

function pages(path: string): number {
  return Math.max(1, Math.floor(readFileSync(path).length / PAGE))
}

/** Runs SQL statements on the file, foreign keys off (damage is not polite). */
function edit(path: string, run: (db: Database.Database) => string): string {
  const db = new Database(path)
  try {
    db.pragma('foreign_keys = OFF')
    return run(db)
  } finally {
    db.close()
  }
}

function randomSequence(base: FuzzBase, random: Random): number {
  return random.int(0, base.events - 1)
}

const byteDamage: readonly DamageKind[] = [
  {
    id: 'bit-flips',
    description: '1 to 8 flipped bits in one random page',
    apply(target, _base, random) {
      const bytes = readFileSync(target)
      const page = random.int(0, pages(target) - 1)
      const flips = random.int(1, 8)
      for (let i = 0; i < flips; i++) {
        const at = page * PAGE + random.int(0, PAGE - 1)
        if (at < bytes.length) bytes[at] = (bytes[at] as number) ^ (1 << random.int(0, 7))
      }
      writeFileSync(target, bytes)
      return `${flips} bits flipped in page ${page}`
    },
  },
  {
    id: 'truncation',
    description: 'the file cut at a random offset',
    apply(target, _base, random) {
      const size = readFileSync(target).length
      const at = random.int(0, size - 1)
      truncateSync(target, at)
      return `truncated at ${at} of ${size} bytes`
    },
  },
  {
    id: 'zeroed-pages',
    description: '1 to 3 consecutive pages zeroed',
    apply(target, _base, random) {
      const bytes = readFileSync(target)
      const first = random.int(0, pages(target) - 1)
      const count = random.int(1, 3)
      bytes.fill(0, first * PAGE, Math.min(bytes.length, (first + count) * PAGE))
      writeFileSync(target, bytes)
      return `pages ${first}..${first + count - 1} zeroed`
    },
  },
  {
    id: 'stale-wal',
    description: 'a -wal of the same file from before a VACUUM rewrote its pages',
    apply(target, base) {
      edit(target, (db) => {
        db.exec('VACUUM')
        return ''
      })
      copyFileSync(base.staleWal, `${target}-wal`)
      return 'stale -wal next to the vacuumed file'
    },
  },
  {
    id: 'foreign-wal',
    description: "another document's -wal next to the file",
    apply(target, base) {
      copyFileSync(base.foreignWal, `${target}-wal`)
      return 'foreign -wal'
    },
  },
]

const rowDamage: readonly DamageKind[] = [
  {
    id: 'invalid-json',
    description: 'event payloads cut in the middle (invalid JSON)',
    apply(target, base, random) {
      const at = randomSequence(base, random)
      const count = random.int(1, 20)
      return edit(target, (db) => {
        db.prepare(
          'UPDATE events SET event_payload = substr(event_payload, 1, length(event_payload) / 2) WHERE event_sequence BETWEEN ? AND ?',
        ).run(at, at + count - 1)
        return `payloads ${at}..${at + count - 1} cut`
      })
    },
  },
  {
    id: 'deep-nesting',
    description: 'a payload field replaced by 100,000 nested arrays',
    apply(target, base, random) {
      const at = randomSequence(base, random)
      const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
      return edit(target, (db) => {
        db.prepare(
          `UPDATE events SET event_payload = substr(event_payload, 1, length(event_payload) - 1) || ',"deep":' || ? || '}' WHERE event_sequence = ?`,
        ).run(nested, at)
        return `payload ${at} nested 100,000 deep`
      })
    },
  },
  {
    id: 'huge-strings',
    description: 'a 5 MB event_type, title or payload string',
    apply(target, base, random) {
      const at = randomSequence(base, random)
      const where = random.pick(['event_type', 'title', 'payload'] as const)
      return edit(target, (db) => {
        if (where === 'event_type')
          db.prepare(
            "UPDATE events SET event_type = printf('%.*c', 5000000, 'T') WHERE event_sequence = ?",
          ).run(at)
        else if (where === 'title') db.exec("UPDATE metadata SET title = printf('%.*c', 5000000, 'T')")
        else
          db.prepare(
            `UPDATE events SET event_payload = json_set(event_payload, '$.eventType', printf('%.*c', 5000000, 'T')) WHERE event_sequence = ?`,
          ).run(at)
        return `5 MB ${where}${where === 'title' ? '' : ` at ${at}`}`
      })
    },
  },
  {
    id: 'wrong-types',
    description: 'a column or payload field of the wrong type (text sequence, blob payload, fraction...)',
    apply(target, base, random) {
      const at = randomSequence(base, random)
      const change = random.pick([
        "event_sequence = 'seven'",
        'event_sequence = event_sequence + 0.5',
        'event_payload = randomblob(40)',
        'event_payload = 42',
        "timestamp = 'yesterday'",
        "event_payload = json_set(event_payload, '$.eventSequence', 'x')",
        "event_payload = json_set(event_payload, '$.delta', 'north')",
        "event_payload = json_set(event_payload, '$.documentId', 12)",
      ])
      return edit(target, (db) => {
        db.prepare(`UPDATE events SET ${change} WHERE event_sequence = ?`).run(at)
        return `${change} at ${at}`
      })
    },
  },
  {
    id: 'gap',
    description: 'a range of events deleted',
    apply(target, base, random) {
      const at = randomSequence(base, random)
      const count = random.int(1, 200)
      return edit(target, (db) => {
        db.prepare('DELETE FROM events WHERE event_sequence BETWEEN ? AND ?').run(at, at + count - 1)
        return `events ${at}..${at + count - 1} deleted`
      })
    },
  },
  {
    id: 'duplicate',
    description: 'an event stored again at a later sequence (the eventId index dropped first)',
    apply(target, base, random) {
      const at = randomSequence(base, random)
      const to = random.int(at + 1, base.events + 5)
      return edit(target, (db) => {
        db.exec('DROP INDEX IF EXISTS idx_events_event_id')
        db.prepare('DELETE FROM events WHERE event_sequence = ?').run(to)
        db.prepare(
          'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp, user_id) SELECT document_id, ?, event_type, event_payload, timestamp, user_id FROM events WHERE event_sequence = ?',
        ).run(to, at)
        return `event ${at} stored again at ${to}`
      })
    },
  },
  {
    id: 'foreign-events',
    description: "another document's events put in place of a range",
    apply(target, base, random) {
      const at = randomSequence(base, random)
      const count = random.int(1, 50)
      return edit(target, (db) => {
        db.exec('DROP INDEX IF EXISTS idx_events_event_id')
        db.prepare('ATTACH DATABASE ? AS other').run(base.other)
        db.prepare(
          'UPDATE events SET event_payload = (SELECT o.event_payload FROM other.events o WHERE o.event_sequence = events.event_sequence), event_type = coalesce((SELECT o.event_type FROM other.events o WHERE o.event_sequence = events.event_sequence), event_type) WHERE event_sequence BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM other.events o WHERE o.event_sequence = events.event_sequence)',
        ).run(at, at + count - 1)
        return `events ${at}..${at + count - 1} from another document`
      })
    },
  },
  {
    id: 'snapshot-damage',
    description: 'a snapshot blob with flipped bytes, cut, swapped with another, or at a fractional sequence',
    apply(target, _base, random) {
      const how = random.pick(['flip', 'cut', 'swap', 'fraction', 'bomb'] as const)
      return edit(target, (db) => {
        const ids = (
          db.prepare('SELECT snapshot_id FROM snapshots ORDER BY snapshot_id').all() as {
            snapshot_id: number
          }[]
        ).map((r) => r.snapshot_id)
        if (ids.length === 0) return 'no snapshot to damage'
        const id = random.pick(ids)
        if (how === 'flip') {
          const row = db.prepare('SELECT snapshot_data FROM snapshots WHERE snapshot_id = ?').get(id) as {
            snapshot_data: Buffer
          }
          const blob = Buffer.from(row.snapshot_data)
          const at = random.int(0, blob.length - 1)
          blob[at] = (blob[at] as number) ^ (1 << random.int(0, 7))
          db.prepare('UPDATE snapshots SET snapshot_data = ? WHERE snapshot_id = ?').run(blob, id)
          return `snapshot ${id}: byte ${at} flipped`
        }
        if (how === 'cut') {
          db.prepare(
            'UPDATE snapshots SET snapshot_data = substr(snapshot_data, 1, length(snapshot_data) / 2) WHERE snapshot_id = ?',
          ).run(id)
          return `snapshot ${id} cut in half`
        }
        if (how === 'swap') {
          // a valid frame with stale content: another snapshot's state under this sequence
          const other = random.pick(ids)
          db.prepare(
            'UPDATE snapshots SET snapshot_data = (SELECT snapshot_data FROM snapshots WHERE snapshot_id = ?) WHERE snapshot_id = ?',
          ).run(other, id)
          return `snapshot ${id} holds the state of snapshot ${other}`
        }
        if (how === 'bomb') {
          // a gzip member declaring 255 MiB in its trailer
          const row = db.prepare('SELECT snapshot_data FROM snapshots WHERE snapshot_id = ?').get(id) as {
            snapshot_data: Buffer
          }
          const blob = Buffer.from(row.snapshot_data)
          blob.writeUInt32LE(255 * 1024 * 1024, blob.length - 4)
          db.prepare('UPDATE snapshots SET snapshot_data = ? WHERE snapshot_id = ?').run(blob, id)
          return `snapshot ${id} declares 255 MiB`
        }
        db.prepare('UPDATE snapshots SET event_sequence = event_sequence - 0.5 WHERE snapshot_id = ?').run(id)
        return `snapshot ${id} at a fractional sequence`
      })
    },
  },
  {
    id: 'counts-and-metadata',
    description: 'the event count cache, the metadata row or the history index edited',
    apply(target, _base, random) {
      const how = random.pick(['count', 'metadata', 'history'] as const)
      return edit(target, (db) => {
        if (how === 'count') {
          db.exec('UPDATE event_counts SET event_count = event_count + 7')
          return 'event count cache +7'
        }
        if (how === 'metadata') {
          db.exec('DELETE FROM metadata')
          return 'metadata row deleted'
        }
        db.exec("UPDATE history_index_cache SET state_data = X'1f8b0800'")
        return 'history index entries damaged'
      })
    },
  },
]

/** Every kind, in the order a case picks from. */
export const DAMAGE_KINDS: readonly DamageKind[] = [...byteDamage, ...rowDamage]
