/**
 * @wiretuner/sim-kit (private): the one seeded pseudo-random source shared by the simulators,
 * the property tests' log generators and the benchmarks of every package, so a seed means the
 * same sequence everywhere. Depends on nothing internal, so any package may use it.
 */
export type { Random } from './random.js'
export { createRandom } from './random.js'
