/**
 * The file-browser page of `wiretuner serve DIR`: one card per `.wiretuner` file of the folder
 * with its thumbnail (stored in the file, or rendered by the server), title, size and event
 * count, as `GET /api/folder` lists them (no document is replayed for the list); a card links to
 * the viewer for that file (`index.html?file=NAME`).
 */
import './style.css'
import type { FolderEntry } from '../../src/server/folder.ts'

function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id)
  if (!e) throw new Error(`missing #${id}`)
  return e as T
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

function card(entry: FolderEntry): HTMLLIElement {
  const li = document.createElement('li')
  li.className = 'file-card'
  li.dataset.file = entry.name
  const link = document.createElement('a')
  link.href = `./index.html?file=${encodeURIComponent(entry.name)}`
  if (entry.problem === undefined) {
    const img = document.createElement('img')
    img.alt = `thumbnail of ${entry.name}`
    img.src = `/api/folder/thumbnail?file=${encodeURIComponent(entry.name)}`
    link.append(img)
  }
  const title = document.createElement('strong')
  title.textContent = entry.title === '' ? entry.name : entry.title
  const meta = document.createElement('span')
  meta.className = 'muted mono'
  meta.textContent =
    entry.problem === undefined
      ? `${entry.name} · ${formatBytes(entry.bytes)} · ${entry.eventCount} events`
      : `${entry.name} · ${formatBytes(entry.bytes)} · unreadable: ${entry.problem}`
  link.append(title, meta)
  li.append(link)
  return li
}

async function start(): Promise<void> {
  const res = await fetch('/api/folder')
  if (!res.ok) throw new Error(`/api/folder: ${res.status}`)
  const { dir, files } = (await res.json()) as { dir: string; files: FolderEntry[] }
  el('folder').textContent = dir
  el('files').replaceChildren(...files.map(card))
  el('files-status').textContent = files.length === 0 ? 'No .wiretuner files in this folder.' : ''
  document.body.dataset.ready = 'true'
}

start().catch((err: unknown) => {
  el('files-status').textContent =
    `Could not list the folder: ${err instanceof Error ? err.message : String(err)}`
  document.body.dataset.error = String(err)
})
