/**
 * Shared fast-check settings for this package's property tests: ~100 runs by default,
 * `WT_PROPERTY_RUNS` raises them; fast-check prints the seed and path of any failure.
 */
import type fc from 'fast-check'

/** Number of runs per property (env `WT_PROPERTY_RUNS`, default 100). */
export const propertyRuns = Number.parseInt(process.env.WT_PROPERTY_RUNS ?? '', 10) || 100

/** Parameters for `fc.assert`. */
export const propertyParameters: fc.Parameters<unknown> = { numRuns: propertyRuns, verbose: 1 }
