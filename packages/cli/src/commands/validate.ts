/** `wiretuner validate FILE`: the validation report; exit 0 when clean, 1 when problems are found. */
import type { ValidationCheck, ValidationReport } from '@wiretuner/io-services'
import { openWireTunerFile, validateFile, type WireTunerFile } from '@wiretuner/io-services/node'
import { auditSnapshots } from '@wiretuner/replay'
import { type CommandContext, type CommandResult, fileArgument } from '../command.js'
import { mapOpenError, requireExistingFile } from '../engine/open-file.js'
import { plural } from '../format.js'

const AUDIT_CHECK = {
  id: 'snapshots.content-matches-log',
  description: "every snapshot's document is the document of a full replay of the log to its sequence",
}

/**
 * The report with the snapshot content audit added (replay's {@link auditSnapshots}: one full
 * replay), for a file that opens; a file that does not is already failed by the report.
 */
async function withSnapshotAudit(path: string, report: ValidationReport): Promise<ValidationReport> {
  let file: WireTunerFile
  try {
    file = await openWireTunerFile(path, { readOnly: true, create: false })
  } catch {
    return report
  }
  let check: ValidationCheck
  try {
    const findings = file
      .listDocuments()
      .flatMap((d) => auditSnapshots(file, d.documentId).map((m) => m.reason))
    check = {
      ...AUDIT_CHECK,
      status: findings.length === 0 ? 'pass' : 'fail',
      findings: findings.slice(0, 50),
      truncated: Math.max(0, findings.length - 50),
    }
  } catch (err) {
    check = {
      ...AUDIT_CHECK,
      status: 'fail',
      findings: [`the log could not be read: ${(err as Error).message}`],
      truncated: 0,
    }
  } finally {
    file.close()
  }
  return { ...report, ok: report.ok && check.status !== 'fail', checks: [...report.checks, check] }
}

/** Runs `wiretuner validate` (its options are in the command table, `commands/index.ts`). */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const path = fileArgument(ctx, 'validate')
  requireExistingFile(path)
  // validateFile is synchronous and reports no progress: the bar shows 0% while it runs, 100% once done.
  const progress = ctx.progress('validating', 1)
  progress.update(0)
  let report: ValidationReport
  try {
    // a file of the editor: every document starts with its CreateDocumentEvent
    report = validateFile(path, { documentStart: 'fail' })
    progress.update(1)
  } catch (err) {
    throw mapOpenError(path, err)
  } finally {
    progress.finish()
  }
  report = await withSnapshotAudit(path, report)
  const failed = report.checks.filter((c) => c.status === 'fail')
  const warned = report.checks.filter((c) => c.status === 'warn')
  const lines = [
    `${path}: ${report.ok ? 'OK' : 'PROBLEMS FOUND'} — ${plural(report.checks.length, 'check')}, ${failed.length} failed, ${plural(warned.length, 'warning')}`,
    ...report.documents.map(
      (d) =>
        `  document ${d.documentId}: ${plural(d.eventCount, 'event')}, ${plural(d.snapshotCount, 'snapshot')}`,
    ),
  ]
  for (const c of report.checks) {
    if (c.status === 'pass' && ctx.options.verbose !== true) continue
    lines.push(`  [${c.status.toUpperCase()}] ${c.id}: ${c.description}`)
    for (const f of c.findings) lines.push(`      ${f}`)
    if (c.truncated > 0) lines.push(`      … and ${c.truncated} more`)
  }
  return {
    data: { file: path, clean: report.ok, failed: failed.length, warnings: warned.length, report },
    text: lines.join('\n'),
    exitCode: report.ok ? 0 : 1,
  }
}
