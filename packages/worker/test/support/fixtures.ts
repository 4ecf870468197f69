/** Names of the files engine.test.ts and the browser suite exchange (browser-kit `files` / `uploads`). */

/** A file made on Node, imported in the browser; and its head document as Node computed it. */
export const NODE_MADE = { file: 'node-made.wiretuner', document: 'node-made.document.json' } as const

/** A file made in the browser, exported to Node; and its head document as the browser computed it. */
export const BROWSER_MADE = {
  file: 'browser-made.wiretuner',
  document: 'browser-made.document.json',
  documentId: '44444444-4444-4444-8444-444444444444',
} as const

/** `sqlite3.wasm` served under `files/` with a name the server types `application/octet-stream`. */
export const WASM_AS_OCTETS = 'sqlite3-wasm.bin'
