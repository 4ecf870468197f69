/**
 * The random-byte source of event ids in a Node process: the kernel's CSPRNG read from
 * `/dev/urandom` (the same source OpenSSL and Node's Web Crypto seed from). Reaching Web Crypto
 * in a fresh Node process loads its modules (measured 2.0–2.2 ms for the first
 * `getRandomValues`, against ~0.3 ms to open, read 4 kB and close `/dev/urandom`), and that
 * first call fell on a user's first undo after reopening a file. Where the device cannot be opened
 * or read in full (Windows, a sandbox without `/dev`), the source fills the bytes from Web Crypto
 * instead: never a non-cryptographic generator. Installed by the Node entry's open-file module
 * (see {@link installNodeRandomSource}); event-schema's default stays Web Crypto.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { getRandomByteSource, type RandomByteSource, setRandomByteSource } from '@wiretuner/event-schema'

/** The kernel CSPRNG device. */
const URANDOM = '/dev/urandom'

/** Web Crypto's limit per `getRandomValues` call (QuotaExceededError above it). */
const WEB_CRYPTO_MAX = 65_536

/** Fills `target` from Web Crypto, in chunks of at most 64 kB. */
export function webCryptoFill(target: Uint8Array): void {
  for (let at = 0; at < target.length; at += WEB_CRYPTO_MAX) {
    globalThis.crypto.getRandomValues(target.subarray(at, at + WEB_CRYPTO_MAX))
  }
}

/**
 * Reads `target.length` bytes from `path` into `target`; `false` when the file cannot be opened,
 * a read fails or it ends first (a short read), so that the caller refills all of `target`.
 */
function readFully(path: string, target: Uint8Array): boolean {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return false
  }
  try {
    let at = 0
    while (at < target.length) {
      const n = readSync(fd, target, at, target.length - at, null)
      if (n <= 0) return false
      at += n
    }
    return true
  } catch {
    return false
  } finally {
    closeSync(fd)
  }
}

/**
 * A random-byte source reading `path` (default `/dev/urandom`; tests pass other files), falling
 * back to `fallback` (default Web Crypto) for the whole request when the file cannot be opened or
 * read in full. After the first failure the file is not tried again in this process.
 */
export function createDeviceRandomSource(
  path: string = URANDOM,
  fallback: RandomByteSource = webCryptoFill,
): RandomByteSource {
  let usable = true
  return (target) => {
    if (usable && readFully(path, target)) return
    usable = false
    fallback(target)
  }
}

/** The process's Node source (`/dev/urandom`, Web Crypto fallback). */
export const nodeRandomSource: RandomByteSource = createDeviceRandomSource()

/**
 * Makes {@link nodeRandomSource} the source of event-schema's `newEventId`, unless the program has
 * set a source of its own. Idempotent and cheap (no I/O: the device is read at the first id).
 */
export function installNodeRandomSource(): void {
  if (getRandomByteSource() === undefined) setRandomByteSource(nodeRandomSource)
}
