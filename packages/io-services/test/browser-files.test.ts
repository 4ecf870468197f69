/**
 * `.wiretuner` files between Node and the browser, in real headless Chromium (browser-kit):
 * a Node-made file imported into OPFS reads the same events there; a browser-made file, exported,
 * validates clean on Node (`documentStart: 'fail'`, as `wiretuner validate`) with the same events
 * and opens read-write; each bad file gets the same typed StorageError code on both platforms;
 * a second Worker on an open file is refused with `opened-elsewhere`; past the OPFS quota a
 * write fails with `io` and nothing stored is lost; the WAL's writes reach OPFS combined, each
 * commit written before `append` returns (also under `synchronous = NORMAL`, and in a Worker ended
 * without closing its file). The browser side is browser/files-suite.ts
 * and browser/quota-suite.ts; each of their tests is one vitest test here.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { declareBrowserResults, runBrowserSuite } from '@wiretuner/browser-kit'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { FORMAT_VERSION, isStorageError } from '../src/index.js'
import { openWireTunerFile, validateFile } from '../src/node.js'
import { tempDir } from './helpers.js'
import { BAD_FILES, BROWSER_MADE, NODE_MADE } from './shared/bad-files.js'
import { sessionEvents } from './shared/document-events.js'

const DOC = '33333333-3333-4333-8333-333333333333'
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const tmp = tempDir('wt-browser-files-')
afterAll(() => tmp.cleanup())

/** A Node-made file (WAL mode, closed: checkpointed) and its events as Node reads them. */
async function nodeMadeFile(): Promise<{ bytes: Uint8Array; events: unknown[] }> {
  const path = join(tmp.dir, 'node-made.wiretuner')
  const file = await openWireTunerFile(path)
  file.createDocument({ documentId: DOC, title: 'made on Node', createdAt: 1_700_000_000_000 })
  const drafts = sessionEvents(DOC, 600)
  for (let i = 0; i < drafts.length; i += 100) {
    file.append(DOC, drafts.slice(i, i + 100), { expectedSequence: i })
  }
  file.writeSnapshot(DOC, 499, new TextEncoder().encode('{"node":true}'))
  const events = [...file.readEvents(DOC)].map((item) => (item.kind === 'event' ? item.event : item))
  file.close()
  return { bytes: new Uint8Array(readFileSync(path)), events }
}

/** The bytes of a database written by better-sqlite3 with `setup` run on it. */
function sqliteBytes(
  name: string,
  from: Uint8Array | undefined,
  setup: (db: Database.Database) => void,
): Uint8Array {
  const path = join(tmp.dir, name)
  if (from !== undefined) writeFileSync(path, from)
  const db = new Database(path)
  setup(db)
  db.close()
  return new Uint8Array(readFileSync(path))
}

const nodeMade = await nodeMadeFile()
const pageSize = new DataView(nodeMade.bytes.buffer, nodeMade.bytes.byteOffset).getUint16(16)
const badBytes: Record<string, Uint8Array> = {
  'empty.wiretuner': new Uint8Array(0),
  'not-sqlite.wiretuner': new TextEncoder().encode('just some text, not a database\n'.repeat(200)),
  'foreign.sqlite': sqliteBytes('foreign.sqlite', undefined, (db) =>
    db.exec('CREATE TABLE notes (body TEXT)'),
  ),
  'newer.wiretuner': sqliteBytes('newer.wiretuner', nodeMade.bytes, (db) =>
    db.pragma(`user_version = ${FORMAT_VERSION + 1}`),
  ),
  'truncated-pages.wiretuner': nodeMade.bytes.slice(0, 2 * pageSize),
  'truncated-bytes.wiretuner': nodeMade.bytes.slice(0, 3 * pageSize + 100),
}

const run = await runBrowserSuite({
  suite: here('./browser/files-suite.ts'),
  helpers: { 'opfs-helper': here('./browser/opfs-helper.ts') },
  assets: [fileURLToPath(import.meta.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'))],
  files: {
    [NODE_MADE.file]: nodeMade.bytes,
    [NODE_MADE.events]: new TextEncoder().encode(JSON.stringify(nodeMade.events)),
    ...badBytes,
  },
  timeoutMs: 180_000,
})
declareBrowserResults('in Chromium', run.results)

// a separate page: the quota applies to the whole origin
const quota = await runBrowserSuite({
  suite: here('./browser/quota-suite.ts'),
  assets: [fileURLToPath(import.meta.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'))],
  quotaBytes: 16 * 1024 * 1024,
  timeoutMs: 120_000,
})
declareBrowserResults('in Chromium, with a 16 MiB quota', quota.results)

describe('on Node', () => {
  it('the browser-made file validates clean, has the same events, and opens read-write', async () => {
    const bytes = run.uploads.get(BROWSER_MADE.file)
    const events = run.uploads.get(BROWSER_MADE.events)
    if (bytes === undefined || events === undefined) throw new Error('the browser uploaded no file')
    expect([bytes[18], bytes[19]]).toEqual([2, 2])
    const path = join(tmp.dir, BROWSER_MADE.file)
    writeFileSync(path, bytes)
    const report = validateFile(path, { documentStart: 'fail' })
    expect(report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip')).toEqual([])
    expect(report.ok).toBe(true)
    const file = await openWireTunerFile(path, { create: false })
    try {
      const read = [...file.readEvents(DOC)].map((item) => (item.kind === 'event' ? item.event : item))
      expect(read).toEqual(JSON.parse(new TextDecoder().decode(events)))
      expect(file.connectionSettings().journalMode).toBe('wal')
      file.append(DOC, sessionEvents(DOC, 2).slice(1), { expectedSequence: read.length })
    } finally {
      file.close()
    }
    expect(validateFile(path, { documentStart: 'fail' }).ok).toBe(true)
  })

  it.each(BAD_FILES)('$what is refused with $code, as in the browser', async ({ name, code }) => {
    const path = join(tmp.dir, `node-${name}`)
    writeFileSync(path, badBytes[name] ?? new Uint8Array())
    const error = await openWireTunerFile(path, { create: false }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isStorageError(error) ? error.code : error).toBe(code)
  })
})
