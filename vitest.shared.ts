/**
 * Shared Vitest configuration for every package: tests run against `src` through the
 * `@wiretuner/source` export condition (no build needed), and write a JSON report that
 * `.ci/run` sums into its closing `N passed, N failed` line.
 */
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig, type ViteUserConfig } from 'vitest/config'

/** The custom export condition that points each workspace package at its TypeScript source. */
export const sourceCondition = '@wiretuner/source'

/** Builds a package's Vitest config; `overrides.test` is merged over the shared test options. */
export function packageConfig(
  overrides: { test?: NonNullable<ViteUserConfig['test']> } = {},
): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
    ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
    test: {
      include: ['test/**/*.test.ts'],
      reporters: ['default', 'json'],
      outputFile: { json: 'reports/vitest.json' },
      // a guard against hangs, not a speed target: property tests take 5–10× longer on a loaded 2-core box
      testTimeout: 120_000,
      ...overrides.test,
    },
  })
}
