/**
 * `pnpm demo`: simulates an editing session of about 10,000 events into `out/demo.wiretuner`
 * (at the repository root), closes it, reopens it, validates it, travels in time to several
 * points, exports SVGs of them, and prints a short report of what was written, how fast it opened,
 * where the files are and how to open the viewer.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createProgress,
  documentHash,
  formatBytes,
  formatMs,
  plural,
  progressAllowed,
} from '@wiretuner/cli/command-kit'
import { openWireTunerFile, validateFile } from '@wiretuner/io-services/node'
import { openSession } from '@wiretuner/replay'
import { documentCounts } from './document-view.js'
import { renderSvg } from './server/viewer-data.js'
import { simulateSession } from './simulate-session.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const outDir = process.env.WIRETUNER_DEMO_OUT ?? `${root}out`
const file = `${outDir}/demo.wiretuner`
const EVENTS = Number(process.env.WIRETUNER_DEMO_EVENTS ?? 10_000)
const SEED = process.env.WIRETUNER_DEMO_SEED ?? 'demo'
const rel = (p: string): string => (p.startsWith(root) ? relative(root, p) : p)

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true })
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })

  // 1. Simulate (through the replay session and the 50 ms sampler), then close.
  const progress = createProgress('simulating', EVENTS, progressAllowed(false))
  const sim = await simulateSession({
    out: file,
    events: EVENTS,
    seed: SEED,
    onProgress: (n) => progress.update(n),
  })
  progress.finish()

  // 2. Reopen: newest snapshot + the tail of the log.
  const openStarted = performance.now()
  const storage = await openWireTunerFile(file, { readOnly: true })
  const session = openSession(storage, sim.documentId)
  const openMs = performance.now() - openStarted
  const load = session.loadReport

  // 3. Validate the closed file.
  const report = validateFile(file)
  const failed = report.checks.filter((c) => c.status === 'fail')

  // 4. Time travel and SVG export.
  const points = [0.1, 0.25, 0.5, 0.75, 1].map((f) =>
    Math.min(sim.events - 1, Math.round((sim.events - 1) * f)),
  )
  const travels = points.map((seq) => {
    const t0 = performance.now()
    const doc = session.documentAt(seq)
    const ms = performance.now() - t0
    const svgPath = `${outDir}/demo-at-${seq}.svg`
    writeFileSync(svgPath, renderSvg(doc))
    return { seq, ms, svgPath, counts: documentCounts(doc), sha: documentHash(doc).slice(0, 12) }
  })
  session.close()
  storage.close()

  const size = statSync(file).size
  const lines = [
    '',
    'WireTuner demo',
    '==============',
    `Simulated ${plural(sim.events, 'event')} (seed "${SEED}", ${Math.round(sim.simulatedDurationMs / 60000)} min of editing) in ${formatMs(sim.wallMs)}:`,
    `  ${plural(sim.rawPointerSamples, 'raw pointer sample')} went through the 50 ms sampler; ${plural(sim.refusedEvents, 'event')} refused`,
    `  final document: ${plural(sim.artboards, 'artboard')}, ${plural(sim.layers, 'layer')}, ${plural(sim.objects, 'object')}`,
    `  wrote ${rel(file)} (${formatBytes(size)}), ${plural(sim.snapshots, 'snapshot')}`,
    '',
    `Reopened in ${formatMs(openMs)}: ${load.fullReplay ? 'full replay' : `snapshot #${load.snapshotSequence}`} + ${plural(load.eventsReplayed, 'event')} of the tail (replay ${formatMs(load.durationMs)})`,
    `Validated: ${report.ok ? 'clean' : 'PROBLEMS'} (${plural(report.checks.length, 'check')}, ${failed.length} failed)`,
    '',
    'Time travel (document after event #):',
    ...travels.map(
      (t) =>
        `  #${String(t.seq).padEnd(6)} ${formatMs(t.ms).padStart(9)}  ${plural(t.counts.artboards, 'artboard')}, ${plural(t.counts.layers, 'layer')}, ${String(t.counts.objects).padStart(3)} objects  sha256 ${t.sha}…  → ${rel(t.svgPath)}`,
    ),
    '',
    'Next:',
    `  pnpm wiretuner serve ${rel(file)}      # history viewer at http://127.0.0.1:4173/`,
    `  pnpm wiretuner info ${rel(file)}`,
    `  pnpm wiretuner replay ${rel(file)} --to ${points[2]} --no-snapshots`,
    '',
  ]
  process.stdout.write(lines.join('\n'))
  if (!report.ok) process.exitCode = 1
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
