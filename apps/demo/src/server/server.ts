/**
 * The viewer's HTTP server (node:http). It binds to 127.0.0.1 only, refuses requests whose Host
 * header is not this loopback address or `localhost` with the bound port (DNS-rebinding defence),
 * refuses path traversal, and serves nothing but the built viewer assets (a fixed list read at
 * start) and a small JSON API over the one file it was given (without a file: the assets only,
 * for the viewer's sync mode, whose data comes from a sync server).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { extname, join, relative, sep } from 'node:path'
import { DemoError } from '../errors.js'
import type { ViewerBackend } from './backend.js'
import { type EditedFile, EditedFileConflict } from './edited-file.js'
import type { Folder } from './folder.js'

/** Options of {@link startViewerServer}. */
export interface ViewerServerOptions {
  /** The viewer's API over a file (`serve`); absent for `edit`, whose page holds the document. */
  readonly backend?: ViewerBackend
  /** The file the editor page imports and saves back (`GET /api/file`, `/api/file/info`, `PUT /api/file`). */
  readonly editedFile?: EditedFile
  /**
   * `serve DIR`: the folder the file-browser page lists (`GET /api/folder`,
   * `/api/folder/thumbnail?file=NAME`; `/` is then files.html), and the viewer API of one of its
   * files (`/api/...?file=NAME`).
   */
  readonly folder?: { readonly folder: Folder; readonly backendFor: (name: string) => Promise<ViewerBackend> }
  /** Directory of the built viewer (index.html and assets/). */
  readonly assetsDir: string
  /** Port to bind; 0 picks a free one. */
  readonly port: number
}

/** A running viewer server. */
export interface ViewerServer {
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
}

/** Largest body of a `PUT /api/file` (the edited file's new bytes). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024

/** Largest page of events one `/api/events` request may ask for. */
export const MAX_EVENTS_PAGE = 1000

function listAssets(dir: string): Map<string, { readonly body: Buffer; readonly type: string }> {
  const assets = new Map<string, { readonly body: Buffer; readonly type: string }>()
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name)
      if (statSync(full).isDirectory()) walk(full)
      else {
        const urlPath = `/${relative(dir, full).split(sep).join('/')}`
        assets.set(urlPath, {
          body: readFileSync(full),
          type: MIME[extname(name)] ?? 'application/octet-stream',
        })
      }
    }
  }
  walk(dir)
  return assets
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  // 'wasm-unsafe-eval': the editor's engine Worker compiles SQLite's WebAssembly (nothing else);
  // connect-src: the viewer's sync mode opens a WebSocket to a loopback sync server
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
} as const

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  cache = 'no-store',
): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': cache, ...SECURITY_HEADERS })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value))
}

class HttpProblem extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

function intParam(params: URLSearchParams, name: string, fallback?: number): number {
  const raw = params.get(name)
  if (raw === null) {
    if (fallback === undefined) throw new HttpProblem(400, `missing query parameter '${name}'`)
    return fallback
  }
  if (!/^\d+$/.test(raw))
    throw new HttpProblem(400, `query parameter '${name}' must be a non-negative integer`)
  const value = Number(raw)
  // 99999999999999999999 is digits but no sequence the storage can name
  if (!Number.isSafeInteger(value))
    throw new HttpProblem(400, `query parameter '${name}' is too large (at most ${Number.MAX_SAFE_INTEGER})`)
  return value
}

/** A finite number query parameter (world coordinates). */
function numberParam(params: URLSearchParams, name: string): number {
  const raw = params.get(name)
  if (raw === null) throw new HttpProblem(400, `missing query parameter '${name}'`)
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new HttpProblem(400, `query parameter '${name}' must be a finite number, got '${raw}'`)
  return value
}

function checkSequence(backend: ViewerBackend, seq: number): void {
  const head = backend.info().headSequence
  if (seq > head) throw new HttpProblem(404, `sequence ${seq} is beyond the head (${head})`)
}

function handleApi(backend: ViewerBackend, path: string, params: URLSearchParams, res: ServerResponse): void {
  switch (path) {
    case '/api/info':
      sendJson(res, 200, backend.info())
      return
    case '/api/events': {
      const from = intParam(params, 'from')
      const to = intParam(params, 'to', from + 99)
      if (to < from) throw new HttpProblem(400, "'to' must not be smaller than 'from'")
      if (to - from + 1 > MAX_EVENTS_PAGE)
        throw new HttpProblem(400, `at most ${MAX_EVENTS_PAGE} events per page`)
      sendJson(res, 200, { from, to, events: backend.events(from, to) })
      return
    }
    case '/api/svg': {
      const at = intParam(params, 'at', backend.info().headSequence)
      checkSequence(backend, at)
      send(res, 200, 'image/svg+xml; charset=utf-8', backend.svgAt(at))
      return
    }
    case '/api/state': {
      const at = intParam(params, 'at', backend.info().headSequence)
      checkSequence(backend, at)
      sendJson(res, 200, backend.state(at))
      return
    }
    case '/api/object-at': {
      const at = intParam(params, 'at', backend.info().headSequence)
      checkSequence(backend, at)
      const x = numberParam(params, 'x')
      const y = numberParam(params, 'y')
      const tolerance = params.has('tolerance') ? numberParam(params, 'tolerance') : 2
      if (tolerance < 0) throw new HttpProblem(400, `tolerance must be >= 0, got ${tolerance}`)
      sendJson(res, 200, backend.objectAt(at, { x, y }, tolerance))
      return
    }
    case '/api/groups':
      sendJson(res, 200, backend.groups())
      return
    default:
      throw new HttpProblem(404, `no such API endpoint: ${path}`)
  }
}

/** `GET /api/file/info`, `GET /api/file` and `PUT /api/file` of `wiretuner edit`. */
function handleFile(file: EditedFile, req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/api/file/info' && req.method === 'GET') {
    sendJson(res, 200, file.info())
    return
  }
  if (req.url === '/api/file' && req.method === 'GET') {
    const { bytes, etag } = file.read()
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Cache-Control': 'no-store',
      ETag: etag,
      ...SECURITY_HEADERS,
    })
    res.end(bytes)
    return
  }
  if (req.url === '/api/file' && req.method === 'PUT') {
    const chunks: Buffer[] = []
    let size = 0
    let refused = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_UPLOAD_BYTES && !refused) {
        refused = true
        sendJson(res, 413, { error: `the file is larger than ${MAX_UPLOAD_BYTES} bytes` })
        req.destroy()
      } else if (!refused) chunks.push(chunk)
    })
    req.on('end', () => {
      if (refused) return
      try {
        const ifMatch = req.headers['if-match']
        const etag = file.write(Buffer.concat(chunks), typeof ifMatch === 'string' ? ifMatch : undefined)
        res.writeHead(204, { ETag: etag, 'Cache-Control': 'no-store', ...SECURITY_HEADERS })
        res.end()
      } catch (err) {
        sendJson(res, err instanceof EditedFileConflict ? 412 : 400, { error: (err as Error).message })
      }
    })
    return
  }
  res.setHeader('Allow', req.url === '/api/file' ? 'GET, PUT' : 'GET')
  sendJson(res, 405, { error: `method ${req.method ?? '?'} not allowed` })
}

/** Whether a raw request target tries to leave the asset root or smuggle separators. */
export function isTraversal(rawUrl: string): boolean {
  const pathPart = rawUrl.split('?')[0] ?? ''
  let decoded: string
  try {
    decoded = decodeURIComponent(pathPart)
  } catch {
    return true
  }
  return (
    !pathPart.startsWith('/') ||
    decoded.includes('\0') ||
    decoded.includes('\\') ||
    /%2f|%5c/i.test(pathPart) ||
    decoded.split('/').some((seg) => seg === '..' || seg === '.')
  )
}

/** Sends an error of an async handler like the synchronous ones. */
function sendFailure(res: ServerResponse, err: unknown): void {
  const status =
    err instanceof HttpProblem ? err.status : (err as { code?: unknown }).code === 'server' ? 404 : 500
  sendJson(res, status, { error: err instanceof Error ? err.message : String(err) })
}

/** The API of `serve DIR`: the folder listing, thumbnails, and each file's viewer API (`?file=NAME`). */
function handleFolderApi(
  served: NonNullable<ViewerServerOptions['folder']>,
  url: URL,
  res: ServerResponse,
): void {
  const file = url.searchParams.get('file')
  let work: Promise<void>
  if (url.pathname === '/api/folder') {
    work = served.folder.list().then((files) => sendJson(res, 200, { dir: served.folder.dir, files }))
  } else if (file === null) {
    throw new HttpProblem(400, `missing query parameter 'file' (serving a folder)`)
  } else if (url.pathname === '/api/folder/thumbnail') {
    work = served.folder.thumbnail(file).then((png) => send(res, 200, 'image/png', Buffer.from(png)))
  } else {
    work = served.backendFor(file).then((backend) => handleApi(backend, url.pathname, url.searchParams, res))
  }
  work.catch((err: unknown) => sendFailure(res, err))
}

/** Starts the viewer server on 127.0.0.1. */
export async function startViewerServer(options: ViewerServerOptions): Promise<ViewerServer> {
  let assets: Map<string, { readonly body: Buffer; readonly type: string }>
  try {
    assets = listAssets(options.assetsDir)
  } catch (err) {
    throw new DemoError(
      'server',
      `the viewer is not built (no assets in ${options.assetsDir}); run 'pnpm --filter @wiretuner/demo build'`,
      { cause: err },
    )
  }
  if (!assets.has('/index.html')) {
    throw new DemoError(
      'server',
      `the viewer is not built (no index.html in ${options.assetsDir}); run 'pnpm --filter @wiretuner/demo build'`,
    )
  }
  let port = options.port
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const host = req.headers.host ?? ''
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
        sendJson(res, 421, { error: `host '${host}' is not served; use http://127.0.0.1:${port}/` })
        return
      }
      if (options.editedFile !== undefined && (req.url === '/api/file' || req.url === '/api/file/info')) {
        handleFile(options.editedFile, req, res)
        return
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD')
        sendJson(res, 405, { error: `method ${req.method ?? '?'} not allowed` })
        return
      }
      const raw = req.url ?? '/'
      if (isTraversal(raw)) {
        sendJson(res, 400, { error: 'bad path' })
        return
      }
      const url = new URL(raw, `http://127.0.0.1:${port}`)
      if (options.folder !== undefined && url.pathname.startsWith('/api/')) {
        handleFolderApi(options.folder, url, res)
        return
      }
      if (url.pathname.startsWith('/api/')) {
        if (options.backend === undefined) throw new HttpProblem(404, `no such API endpoint: ${url.pathname}`)
        handleApi(options.backend, url.pathname, url.searchParams, res)
        return
      }
      const home = options.folder === undefined ? '/index.html' : '/files.html'
      const asset = assets.get(url.pathname === '/' ? home : url.pathname)
      if (asset === undefined) {
        sendJson(res, 404, { error: `not found: ${url.pathname}` })
        return
      }
      const immutable = url.pathname.startsWith('/assets/')
      send(res, 200, asset.type, asset.body, immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      return
    } catch (err) {
      if (err instanceof HttpProblem) {
        sendJson(res, err.status, { error: err.message })
        return
      }
      const message = err instanceof Error ? err.message : String(err)
      const code = (err as { code?: unknown }).code
      const status = code === 'sequence-out-of-range' ? 404 : 500
      sendJson(res, status, { error: message })
      return
    }
  }
  const server = createServer(handler)
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new DemoError(
          'server',
          err.code === 'EADDRINUSE'
            ? `port ${options.port} is already in use on 127.0.0.1`
            : `cannot listen on 127.0.0.1:${options.port}: ${err.message}`,
          { cause: err },
        ),
      )
    })
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address !== null && typeof address === 'object') port = address.port
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
