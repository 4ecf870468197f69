/** Shared test helpers: temporary directories, tokens, waiting for a condition, document JSON. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Document, documentToJson } from '@wiretuner/vector-model'
import type { Access } from '../../src/index.ts'
import { createToken, type DocumentHub, type SyncServerCore } from '../../src/server.ts'

/** The tests' token secret. */
export const SECRET = 'test-secret-0123456789abcdef'

/** A new temporary directory and its remover. */
export function tempDir(prefix = 'wt-sync-'): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** A token for `userId` on `documentId`, valid for an hour. */
export function tokenFor(
  userId: string,
  documentId: string,
  access: Access = 'write',
  secret = SECRET,
): string {
  return createToken(
    { userId, documents: { [documentId]: access }, expiresAt: Date.now() + 3_600_000 },
    secret,
  )
}

/** Resolves when `condition()` holds (polled every 5 ms); rejects with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(5)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** A document's canonical JSON text (what "byte-identical" compares). */
export function documentText(document: Document): string {
  return JSON.stringify(documentToJson(document))
}

/** The server's loaded hub of `documentId` (fails the test when it is not loaded). */
export async function loadedHub(core: SyncServerCore, documentId: string): Promise<DocumentHub> {
  const hub = await core.hub(documentId)
  if (hub === undefined) throw new Error(`document ${documentId} is not loaded on the server`)
  return hub
}
