/**
 * `validateFile`'s checks of the snapshots: every blob references a stored event, decodes, is no
 * legacy frame and has a reasonable size; per document, snapshots follow the seed's cadence and
 * the tail after the newest is short. Each is a {@link ValidationStep} of the table in
 * `validate-connection.ts`; the blob check gathers the snapshot positions the cadence check reads.
 */
import { isLegacySnapshotFrame } from './legacy-snapshots.js'
import { FORMAT_WITH_SEED_SNAPSHOTS } from './schema.js'
import { decodeSnapshot, gzipDeclaredSize } from './snapshot-codec.js'
import type {
  CheckName,
  ValidationContext,
  ValidationSettings,
  ValidationStep,
} from './validation-context.js'

/** The checks of this module whose names do not depend on the settings. */
export const SNAPSHOT_CHECKS = {
  reference: ['snapshots.event-reference', 'every snapshot event_sequence references a stored event'],
  decompress: [
    'snapshots.decompress',
    'every snapshot_data decodes (one gzip member: magic, CRC-32, length; or plain bytes for `none`)',
  ],
  seedForm: [
    'snapshots.seed-form',
    'no snapshot_data is a legacy WTSS frame (an older format keeps them until its next read-write open)',
  ],
  tail: [
    'snapshots.tail',
    'the events after the newest snapshot are fewer than the snapshot interval (+ tolerance)',
  ],
} as const satisfies Record<string, CheckName>
const CHECK = SNAPSHOT_CHECKS

const sizeCheck = ({ warnBytes }: ValidationSettings): CheckName => [
  'snapshots.size',
  `snapshot sizes within reasonable bounds (< ${warnBytes} bytes)`,
]
const cadenceCheck = ({ interval, tolerance }: ValidationSettings): CheckName => [
  'snapshots.cadence',
  `a snapshot every ${interval} events (± ${tolerance})`,
]

interface SnapshotRow {
  readonly snapshot_id: number
  readonly document_id: string
  readonly event_sequence: number
  readonly compression: string
  readonly snapshot_data: Uint8Array
}

/** One pass over every blob: references, decoding, legacy frames, sizes. */
function blobFindings({ db, settings, formatVersion, facts }: ValidationContext) {
  const found = {
    refs: [] as string[],
    decodes: [] as string[],
    legacy: [] as string[],
    sizes: [] as string[],
  }
  const legacyAllowed = formatVersion < FORMAT_WITH_SEED_SNAPSHOTS
  const hasEvent = db.prepare('SELECT 1 FROM events WHERE document_id = ? AND event_sequence = ?')
  const all = db.prepare(
    'SELECT snapshot_id, document_id, event_sequence, compression, snapshot_data FROM snapshots ORDER BY document_id, event_sequence',
  )
  for (const row of all.iterate() as IterableIterator<SnapshotRow>) {
    const label = `snapshot ${row.snapshot_id} (document ${row.document_id}, sequence ${row.event_sequence})`
    const sequences = facts.snapshotSequences.get(row.document_id) ?? []
    facts.snapshotSequences.set(row.document_id, [...sequences, row.event_sequence])
    if (hasEvent.get(row.document_id, row.event_sequence) === undefined)
      found.refs.push(`${label}: no such event`)
    const result = decodeSnapshot(row.snapshot_data, {
      maxBytes: settings.maxBytes,
      compression: row.compression,
      ...(settings.codec === undefined ? {} : { codec: settings.codec }),
    })
    if (!result.ok && legacyAllowed && isLegacySnapshotFrame(row.snapshot_data)) found.legacy.push(label)
    else if (!result.ok) found.decodes.push(`${label}: ${result.code}: ${result.reason}`)
    const logical =
      row.compression === 'gzip'
        ? (gzipDeclaredSize(row.snapshot_data) ?? row.snapshot_data.length)
        : row.snapshot_data.length
    if (row.snapshot_data.length > settings.warnBytes || logical > settings.maxBytes)
      found.sizes.push(`${label}: ${row.snapshot_data.length} bytes stored, ${logical} uncompressed`)
  }
  return found
}

/** Every blob references an event, decodes, is no legacy frame (warn) and is not too large (warn). */
export const snapshotBlobsCheck: ValidationStep = {
  checks: (settings) => [CHECK.reference, CHECK.decompress, CHECK.seedForm, sizeCheck(settings)],
  run: (context) => {
    const { refs, decodes, legacy, sizes } = blobFindings(context)
    const { report } = context
    report.add(CHECK.reference, refs)
    report.add(CHECK.decompress, decodes)
    // In an older format a legacy frame is expected (migration 4 rewrites or drops it): a warning.
    report.add(CHECK.seedForm, legacy, 'warn')
    report.add(sizeCheck(context.settings), sizes, 'warn')
  },
}

/**
 * The seed's cadence ("a snapshot every `interval` events ± `tolerance`") over one document's
 * snapshot sequences (ascending): every snapshot but the newest sits at k × interval − 1
 * (k ≥ 1) ± tolerance, and consecutive snapshots are at most interval + tolerance apart. The
 * newest may be off cadence (a close snapshot) but not further from the one before it.
 */
export function cadenceFindings(
  documentId: string,
  sequences: readonly number[],
  interval: number,
  tolerance: number,
): string[] {
  const findings: string[] = []
  for (let i = 0; i < sequences.length - 1; i++) {
    const s = sequences[i] as number
    const k = Math.max(1, Math.round((s + 1) / interval))
    const expected = k * interval - 1
    if (Math.abs(s - expected) > tolerance) {
      findings.push(
        `document ${documentId}: snapshot at ${s} is off cadence (nearest position ${expected} ± ${tolerance}; only the newest snapshot may be off cadence)`,
      )
    }
  }
  for (let i = 1; i < sequences.length; i++) {
    const gap = (sequences[i] as number) - (sequences[i - 1] as number)
    if (gap > interval + tolerance) {
      findings.push(
        `document ${documentId}: ${gap} events between snapshots at ${sequences[i - 1]} and ${sequences[i]} (at most ${interval} + ${tolerance})`,
      )
    }
  }
  return findings
}

/**
 * Snapshots follow the cadence (fail on the current format; older writers snapshotted after whole
 * batches, so there it warns) and the tail after the newest is short (warn: slow, not wrong).
 */
export const cadenceAndTailCheck: ValidationStep = {
  checks: (settings) => [cadenceCheck(settings), CHECK.tail],
  run: ({ report, facts, settings, formatVersion }) => {
    const { interval, tolerance } = settings
    const cadence: string[] = []
    const tail: string[] = []
    for (const id of facts.documentIds) {
      const seqs = facts.snapshotSequences.get(id) ?? []
      cadence.push(...cadenceFindings(id, seqs, interval, tolerance))
      const head = (facts.eventCounts.get(id) ?? 0) - 1
      const newest = seqs.length === 0 ? -1 : (seqs[seqs.length - 1] as number)
      if (head - newest > interval + tolerance) {
        tail.push(
          `document ${id}: ${head - newest} events after the newest snapshot (at ${newest}; expected one every ${interval} ± ${tolerance})`,
        )
      }
    }
    report.add(cadenceCheck(settings), cadence, formatVersion >= FORMAT_WITH_SEED_SNAPSHOTS ? 'fail' : 'warn')
    report.add(CHECK.tail, tail, 'warn')
  },
}
