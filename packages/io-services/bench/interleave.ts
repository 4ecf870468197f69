/**
 * Interleaved timing for same-run comparisons on a shared, noisy machine: the cases run sample
 * by sample in alternation (A, B, A, B...), so they see the same background load.
 */
import { type Stats, summarize } from '@wiretuner/bench-kit'

/** One side of an interleaved comparison. */
export interface Side {
  readonly name: string
  readonly run: () => void
  readonly setup?: () => void
}

/**
 * Times two cases sample by sample in alternation (A, B, A, B...), so that both see the same
 * background load on this shared machine; returns their stats for a same-run ratio.
 */
export function interleaved(a: Side, b: Side, units: number, samples = 51, warmup = 5): [Stats, Stats] {
  const times: [number[], number[]] = [[], []]
  const cpu: [number[], number[]] = [[], []]
  for (let i = 0; i < warmup + samples; i++) {
    for (const [k, side] of [a, b].entries()) {
      side.setup?.()
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      side.run()
      const wall = performance.now() - t0
      const c = process.cpuUsage(c0)
      if (i >= warmup) {
        times[k]?.push(wall)
        cpu[k]?.push((c.user + c.system) / 1000)
      }
    }
  }
  const cpuA = summarize(`${a.name} [CPU time]`, cpu[0], units)
  const cpuB = summarize(`${b.name} [CPU time]`, cpu[1], units)
  console.log(
    `      CPU-time medians (immune to waiting for a core): ${cpuA.medianMs.toFixed(1)} ms vs ${cpuB.medianMs.toFixed(1)} ms, ratio ${(cpuB.medianMs / cpuA.medianMs).toFixed(3)}`,
  )
  return [summarize(a.name, times[0], units), summarize(b.name, times[1], units)]
}
