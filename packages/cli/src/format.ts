/** Small formatting helpers for the CLI's human-readable output. */

/** `1234567` → `1.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let v = bytes / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

/** Milliseconds with a sensible precision. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`
}

/** Unix ms as an ISO timestamp. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString()
}

/** Two-column `key: value` lines, keys padded. */
export function keyValues(rows: readonly (readonly [string, string | number])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length))
  return rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join('\n')
}

/** Longest stored text echoed as it is (a damaged row may hold megabytes). */
export const MAX_ECHOED_CHARS = 200

/** `text` cut to {@link MAX_ECHOED_CHARS} characters, saying how much was left out. */
export function clip(text: string, max = MAX_ECHOED_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`
}

/** `1 artboard`, `2 artboards`, `0 artboards`; `plural` for irregular words (`entry`, `entries`). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`
}
