/**
 * Benchmark harness for `pnpm bench`: runs a case repeatedly, reports the median with the
 * min–max spread (these machines are shared and noisy), and compares cases as ratios measured
 * in the same run. Targets are checked here and printed, never asserted in unit tests.
 */
import { performance } from 'node:perf_hooks'

/** Timing statistics of one benchmark case, in milliseconds per sample. */
export interface Stats {
  readonly name: string
  readonly samples: number
  readonly medianMs: number
  readonly minMs: number
  readonly maxMs: number
  readonly p95Ms: number
  /** Work units per sample (events, objects...), used for the throughput figures. */
  readonly unitsPerSample: number
  /** Median throughput: units per second at the median sample time. */
  readonly unitsPerSecond: number
}

/** Options for {@link measure}. */
export interface MeasureOptions {
  /** Samples to time (after warm-up). Default 15. */
  readonly samples?: number
  /** Untimed warm-up runs. Default 3. */
  readonly warmup?: number
  /** Units of work one call performs (for throughput). Default 1. */
  readonly units?: number
  /** Runs before each sample, untimed (e.g. to reset state). */
  readonly setup?: () => void
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  const a = sorted[lo] ?? Number.NaN
  const b = sorted[hi] ?? Number.NaN
  return a + (b - a) * (pos - lo)
}

/** Summarizes raw sample durations (ms) into {@link Stats}. */
export function summarize(name: string, durationsMs: readonly number[], unitsPerSample = 1): Stats {
  const sorted = [...durationsMs].sort((a, b) => a - b)
  const medianMs = quantile(sorted, 0.5)
  return {
    name,
    samples: sorted.length,
    medianMs,
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    p95Ms: quantile(sorted, 0.95),
    unitsPerSample,
    unitsPerSecond: medianMs > 0 ? (unitsPerSample * 1000) / medianMs : Number.POSITIVE_INFINITY,
  }
}

/** Times `fn` synchronously `samples` times after `warmup` untimed runs. */
export function measure(name: string, fn: () => unknown, options: MeasureOptions = {}): Stats {
  const { samples = 15, warmup = 3, units = 1, setup } = options
  for (let i = 0; i < warmup; i++) {
    setup?.()
    fn()
  }
  const durations: number[] = []
  for (let i = 0; i < samples; i++) {
    setup?.()
    const t0 = performance.now()
    fn()
    durations.push(performance.now() - t0)
  }
  return summarize(name, durations, units)
}

/** Async variant of {@link measure}. */
export async function measureAsync(
  name: string,
  fn: () => Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Stats> {
  const { samples = 15, warmup = 3, units = 1, setup } = options
  for (let i = 0; i < warmup; i++) {
    setup?.()
    await fn()
  }
  const durations: number[] = []
  for (let i = 0; i < samples; i++) {
    setup?.()
    const t0 = performance.now()
    await fn()
    durations.push(performance.now() - t0)
  }
  return summarize(name, durations, units)
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US')
  return n.toPrecision(4)
}

/** Prints one line: median, min–max and throughput. Returns the stats for chaining. */
export function report(stats: Stats, unitLabel = 'ops'): Stats {
  const thr =
    stats.unitsPerSample > 1 || unitLabel !== 'ops' ? `  ${fmt(stats.unitsPerSecond)} ${unitLabel}/s` : ''
  console.log(
    `${stats.name.padEnd(56)} median ${fmt(stats.medianMs)} ms  (min ${fmt(stats.minMs)} – max ${fmt(stats.maxMs)}, p95 ${fmt(stats.p95Ms)}, n=${stats.samples})${thr}`,
  )
  return stats
}

/** Result of a target check, printed as PASS/MISS. */
export interface TargetResult {
  readonly label: string
  readonly value: number
  readonly target: string
  readonly met: boolean
}

/**
 * Prints and returns whether `value` meets a target: `{ atLeast }` or `{ atMost }`.
 * Benchmarks report misses; they never hide them.
 */
export function target(
  label: string,
  value: number,
  bound: { readonly atLeast: number } | { readonly atMost: number },
): TargetResult {
  const met = 'atLeast' in bound ? value >= bound.atLeast : value <= bound.atMost
  const t = 'atLeast' in bound ? `>= ${fmt(bound.atLeast)}` : `<= ${fmt(bound.atMost)}`
  console.log(`${met ? 'PASS' : 'MISS'}  ${label}: ${fmt(value)} (target ${t})`)
  return { label, value, target: t, met }
}

/** Ratio of two medians measured in the same run (a / b). */
export function ratio(a: Stats, b: Stats): number {
  return a.medianMs / b.medianMs
}

export { warmPageCache } from './page-cache.js'
