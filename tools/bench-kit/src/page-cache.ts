/** Warming the OS page cache before process-level samples, so they measure CPU, not the disk. */
import { closeSync, openSync, readSync } from 'node:fs'

/** Reads the whole file once in 1 MB chunks, so the OS page cache holds it (a warm cache). */
export function warmPageCache(path: string): void {
  const fd = openSync(path, 'r')
  const chunk = new Uint8Array(1 << 20)
  try {
    while (readSync(fd, chunk, 0, chunk.length, null) > 0);
  } finally {
    closeSync(fd)
  }
}
