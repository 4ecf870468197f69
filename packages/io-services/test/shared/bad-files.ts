/**
 * The bad files both platforms must refuse with the same typed StorageError code: Node builds
 * them (browser-files.test.ts) and opens them with `openWireTunerFile`; the browser suite imports
 * them into OPFS (browser/files-suite.ts).
 */
import type { StorageErrorCode } from '../../src/index.js'

/** One bad file: its fixture name and the code opening (or importing) it must fail with. */
export interface BadFile {
  readonly name: string
  readonly what: string
  readonly code: StorageErrorCode
}

/** Every bad file of the cross-platform suite. */
export const BAD_FILES: readonly BadFile[] = [
  { name: 'empty.wiretuner', what: 'an empty file', code: 'empty-file' },
  { name: 'not-sqlite.wiretuner', what: 'a text file', code: 'not-sqlite' },
  { name: 'foreign.sqlite', what: 'an SQLite file of another application', code: 'not-wiretuner' },
  { name: 'newer.wiretuner', what: 'a newer WireTuner format', code: 'newer-format' },
  { name: 'truncated-pages.wiretuner', what: 'a file cut after its first pages', code: 'corrupt' },
  { name: 'truncated-bytes.wiretuner', what: 'a file cut inside a page', code: 'corrupt' },
]

/** The Node-made file the browser imports, and its events as JSON. */
export const NODE_MADE = { file: 'node-made.wiretuner', events: 'node-made.events.json' } as const

/** What the browser uploads: its file (exported) and its events as JSON. */
export const BROWSER_MADE = { file: 'browser-made.wiretuner', events: 'browser-made.events.json' } as const
