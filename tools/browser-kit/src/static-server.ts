/**
 * Serves one directory over HTTP on 127.0.0.1 and an ephemeral port: a secure context for the
 * browser (OPFS, Workers) without certificates. Only files inside the directory are served.
 * `PUT /uploads/<name>` stores the request body in memory (the server's `uploads`), so a browser
 * suite can hand files back to Node.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
}

/** A running static server. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string
  /** Bodies of `PUT /uploads/<name>` requests, by name. */
  readonly uploads: ReadonlyMap<string, Uint8Array>
  /** Stops accepting connections and ends the open ones. */
  close(): Promise<void>
}

const UPLOAD_PREFIX = '/uploads/'

function receive(
  request: IncomingMessage,
  response: ServerResponse,
  name: string,
  uploads: Map<string, Uint8Array>,
): void {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    uploads.set(name, new Uint8Array(Buffer.concat(chunks)))
    response.writeHead(204).end()
  })
}

/** Starts serving `root` (GET only; 404 outside it or for a missing file). */
export async function serveDirectory(root: string): Promise<StaticServer> {
  const base = normalize(root + sep)
  const uploads = new Map<string, Uint8Array>()
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    if (request.method === 'PUT' && pathname.startsWith(UPLOAD_PREFIX)) {
      receive(request, response, pathname.slice(UPLOAD_PREFIX.length), uploads)
      return
    }
    const file = normalize(join(base, pathname === '/' ? 'index.html' : pathname))
    if (request.method !== 'GET' || !file.startsWith(base)) {
      response.writeHead(404).end()
      return
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          // each run serves a fresh directory on a new port: caching (compiled WASM too) is safe
          'cache-control': 'max-age=600',
        })
        response.end(body)
      },
      () => response.writeHead(404).end(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    uploads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
