/**
 * Generates the cached benchmark files (10k, 100k and 1M events) ahead of `pnpm bench`; the
 * benchmark generates missing ones itself, this only lets it be done once, in the background.
 */
import { benchFile, issueWorkloadFile } from './workload.js'

await issueWorkloadFile(100_000, console.log)
for (const n of [10_000, 100_000, 1_000_000]) await benchFile(n, console.log)
