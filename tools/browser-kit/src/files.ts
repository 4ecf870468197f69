/**
 * Files between Node and a browser suite (typed without the DOM library): `fetchFile` reads one
 * of the `files` Node gave `runBrowserSuite`, `uploadFile` hands bytes back (the run's `uploads`).
 */

function origin(): string {
  return (globalThis as unknown as { location: { origin: string } }).location.origin
}

/** The bytes of `files[name]` given to `runBrowserSuite`; throws when missing. */
export async function fetchFile(name: string): Promise<Uint8Array> {
  const response = await fetch(`${origin()}/files/${encodeURIComponent(name)}`)
  if (!response.ok) throw new Error(`fetchFile ${name}: HTTP ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

/** Hands `bytes` to Node as `uploads.get(name)` of the suite run. */
export async function uploadFile(name: string, bytes: Uint8Array | string): Promise<void> {
  const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
  const response = await fetch(`${origin()}/uploads/${encodeURIComponent(name)}`, {
    method: 'PUT',
    body: body as unknown as ArrayBuffer,
  })
  if (!response.ok) throw new Error(`uploadFile ${name}: HTTP ${response.status}`)
}
