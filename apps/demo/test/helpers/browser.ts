/** Launches the headless Chromium the e2e tests and the benchmark use (Debian `chromium` by default). */
import { type Browser, chromium } from 'playwright-core'

/** Command-line flags for a quiet, sandbox-free headless Chromium in containers. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const

/** Launches Chromium from `CHROMIUM_PATH` or `/usr/bin/chromium`. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS],
  })
}
