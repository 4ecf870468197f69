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
  const [sa, sb] = interleavedAll([a, b], units, samples, warmup)
  return [sa as Stats, sb as Stats]
}

/**
 * Times any number of cases round-robin (A, B, C, A, B, C...), each sample after its own untimed
 * setup; prints their CPU-time medians and returns their wall-time stats, in order.
 */
export function interleavedAll(sides: readonly Side[], units: number, samples = 51, warmup = 5): Stats[] {
  const times: number[][] = sides.map(() => [])
  const cpu: number[][] = sides.map(() => [])
  for (let i = 0; i < warmup + samples; i++) {
    for (const [k, side] of sides.entries()) {
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
  const cpuStats = sides.map((side, k) => summarize(`${side.name} [CPU time]`, cpu[k] ?? [], units))
  const first = cpuStats[0] as Stats
  console.log(
    `      CPU-time medians (immune to waiting for a core): ${cpuStats
      .map((c) => `${c.medianMs.toFixed(1)} ms`)
      .join(' vs ')}${
      sides.length === 2 ? `, ratio ${((cpuStats[1] as Stats).medianMs / first.medianMs).toFixed(3)}` : ''
    }`,
  )
  return sides.map((side, k) => summarize(side.name, times[k] ?? [], units))
}
