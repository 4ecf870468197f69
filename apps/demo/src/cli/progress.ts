/**
 * A progress bar for long CLI work. It draws on stderr, only when both stdout and stderr are
 * terminals and the output is not `--json`; otherwise every call is a no-op.
 */

/** A running progress indicator. */
export interface Progress {
  /** Reports that `done` of `total` units are finished. */
  update(done: number): void
  /** Clears the bar. */
  finish(): void
}

/** Whether a progress bar may be drawn for this invocation. */
export function progressAllowed(json: boolean): boolean {
  return !json && process.stdout.isTTY === true && process.stderr.isTTY === true
}

const noop: Progress = { update() {}, finish() {} }

/** Creates a progress bar labelled `label` over `total` units (a no-op when not allowed). */
export function createProgress(label: string, total: number, enabled: boolean): Progress {
  if (!enabled || total <= 0) return noop
  const started = Date.now()
  let lastDraw = 0
  const draw = (done: number): void => {
    const width = 30
    const fraction = Math.min(1, done / total)
    const filled = Math.round(fraction * width)
    const elapsed = (Date.now() - started) / 1000
    const rate = elapsed > 0 ? Math.round(done / elapsed) : 0
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done}/${total} ${rate}/s `,
    )
  }
  return {
    update(done) {
      const now = Date.now()
      if (now - lastDraw < 100 && done < total) return
      lastDraw = now
      draw(done)
    },
    finish() {
      process.stderr.write('\r\x1b[2K')
    },
  }
}
