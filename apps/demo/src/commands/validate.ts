/** `wiretuner validate FILE`: the validation report; exit 0 when clean, 1 when problems are found. */
import { validateFile } from '@wiretuner/io-services'
import { type Command, fileArgument } from '../cli/command.js'
import { mapOpenError, requireExistingFile } from '../engine/open-file.js'

/** The `wiretuner validate` command. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a file (schema, indexes, sequences, every event, every snapshot); exit 1 on problems',
  positionals: [{ name: 'FILE', description: 'a .wiretuner file' }],
  options: {
    verbose: { type: 'boolean', description: 'list every check, not only failures and warnings' },
  },
  details: 'Exit codes: 0 = no problems (warnings allowed), 1 = problems found or the file cannot be read.',
  async run(ctx) {
    const path = fileArgument(ctx, 'validate')
    requireExistingFile(path)
    // validateFile is synchronous and reports no progress: show the bar at 0% while it runs.
    const progress = ctx.progress('validating', 1)
    progress.update(0)
    let report: ReturnType<typeof validateFile>
    try {
      // a file of the editor: every document starts with its CreateDocumentEvent
      report = validateFile(path, { documentStart: 'fail' })
    } catch (err) {
      throw mapOpenError(path, err)
    } finally {
      progress.finish()
    }
    const failed = report.checks.filter((c) => c.status === 'fail')
    const warned = report.checks.filter((c) => c.status === 'warn')
    const lines = [
      `${path}: ${report.ok ? 'OK' : 'PROBLEMS FOUND'} — ${report.checks.length} checks, ${failed.length} failed, ${warned.length} warnings`,
      ...report.documents.map(
        (d) => `  document ${d.documentId}: ${d.eventCount} events, ${d.snapshotCount} snapshots`,
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
  },
}
