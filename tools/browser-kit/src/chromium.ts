/** Launches the headless Chromium the browser suites and benchmarks use (Debian `chromium`). */
import { type Browser, chromium } from 'playwright-core'

/** Command-line flags for a quiet, sandbox-free headless Chromium in containers. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Launches Chromium from `CHROMIUM_PATH` or `/usr/bin/chromium` (browsers are never downloaded). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS],
  })
}
