/**
 * Fetching and compiling `sqlite3.wasm` ahead of SQLite's own loader, when its URL is known
 * (`setupOpfsStorage({ wasmUrl })`): the fetch and the streaming compile (both off the Worker's
 * thread) start at once, and run while the loader's JavaScript glue is parsed and run (~12 ms in
 * a fresh Worker, issue 13), instead of after it. The loader then instantiates the compiled
 * module through Emscripten's documented `instantiateWasm` hook. A response that is not served as
 * `application/wasm` cannot stream; it is compiled from its bytes, as Emscripten's loader falls
 * back to doing.
 */

/** The part of the WebAssembly and Fetch APIs used here (typed without the DOM library). */
interface WasmResponse {
  readonly ok: boolean
  readonly status: number
  readonly headers: { get(name: string): string | null }
  arrayBuffer(): Promise<ArrayBuffer>
}
interface WasmGlobals {
  fetch(url: string, init: { readonly credentials: 'same-origin' }): Promise<WasmResponse>
  readonly WebAssembly: {
    compileStreaming(response: WasmResponse): Promise<object>
    compile(bytes: ArrayBuffer): Promise<object>
    instantiate(module: object, imports: object): Promise<object>
  }
}

/** A compiled WebAssembly module (`WebAssembly.Module`). */
export type CompiledWasm = object

/** The Emscripten `instantiateWasm` hook: instantiates `module` with the loader's imports. */
export type InstantiateWasm = (
  imports: object,
  done: (instance: object, module: CompiledWasm) => void,
) => Record<string, never>

const web = globalThis as unknown as WasmGlobals

/** Fetches and compiles the module at `url` (streaming when served as `application/wasm`). */
export async function compileWasm(url: string): Promise<CompiledWasm> {
  const response = await web.fetch(url, { credentials: 'same-origin' })
  if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}`)
  const type = response.headers.get('content-type') ?? ''
  if (type.split(';')[0]?.trim().toLowerCase() === 'application/wasm') {
    return web.WebAssembly.compileStreaming(response)
  }
  return web.WebAssembly.compile(await response.arrayBuffer())
}

/**
 * The `instantiateWasm` hook over a module being compiled. Emscripten's hook has no failure path:
 * a failed compile or instantiation goes to `failed` (the caller rejects its load with it).
 */
export function instantiateCompiled(
  compiled: Promise<CompiledWasm>,
  failed: (error: unknown) => void,
): InstantiateWasm {
  return (imports, done) => {
    compiled
      .then(async (module) => done(await web.WebAssembly.instantiate(module, imports), module))
      .catch(failed)
    return {}
  }
}
