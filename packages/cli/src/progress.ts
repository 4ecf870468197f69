/**
 * A progress bar for long CLI work. It draws on stderr, only when both stdout and stderr are
 * terminals and the output is not `--json`; otherwise every call is a no-op. `finish` leaves the
 * final line: the units done, their percentage and the real average rate over the whole run.
 */

/** A running progress indicator. */
export interface Progress {
  /** Reports that `done` of `total` units are finished. */
  update(done: number): void
  /** Draws the final line (last `done`, average rate over the whole run) and ends it. */
  finish(): void
}

/** Whether a progress bar may be drawn for this invocation. */
export function progressAllowed(json: boolean): boolean {
  return !json && process.stdout.isTTY === true && process.stderr.isTTY === true
}

const noop: Progress = { update() {}, finish() {} }

/** Width of the bar in characters. */
const BAR_WIDTH = 30

/** `12345.6` → `12346/s`, `3.21` → `3.2/s`; no rate (empty) before any time has passed. */
export function formatRate(done: number, elapsedMs: number): string {
  if (!(elapsedMs > 0)) return ''
  const perSecond = (done * 1000) / elapsedMs
  return `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)}/s`
}

/**
 * One line of the bar: `label [####------]  40% 4/10 12/s`. The percentage is rounded down, so
 * 100 % means every unit is done; the rate is `done` over the elapsed time (an average).
 */
export function formatProgress(label: string, done: number, total: number, elapsedMs: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1
  const filled = Math.floor(fraction * BAR_WIDTH)
  const percent = Math.floor(fraction * 100)
  const rate = formatRate(done, elapsedMs)
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(percent).padStart(3)}% ${done}/${total}${rate === '' ? '' : ` ${rate}`}`
}

/** Creates a progress bar labelled `label` over `total` units (a no-op when not allowed). */
export function createProgress(label: string, total: number, enabled: boolean): Progress {
  if (!enabled || total <= 0) return noop
  const started = performance.now()
  let lastDraw = Number.NEGATIVE_INFINITY
  let last = 0
  let finished = false
  const draw = (): void => {
    process.stderr.write(`\r\x1b[2K${formatProgress(label, last, total, performance.now() - started)}`)
  }
  return {
    update(done) {
      last = done
      const now = performance.now()
      if (now - lastDraw < 100 && done < total) return
      lastDraw = now
      draw()
    },
    finish() {
      if (finished) return
      finished = true
      draw()
      process.stderr.write('\n')
    },
  }
}
