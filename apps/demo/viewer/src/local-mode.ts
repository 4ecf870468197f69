/**
 * The server-less mode's first screen: a file picker and a drop target for a local `.wiretuner`
 * file; resolves with the Worker-backed {@link ViewerApi} once the file is imported and open.
 * A refused file (not SQLite, not WireTuner, newer format, damaged) shows the engine's message
 * and the user may pick another.
 */
import type { ViewerApi } from './api.ts'
import { openLocalApi } from './local-api.ts'

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (!found) throw new Error(`missing #${id}`)
  return found as T
}

/** Shows the picker, waits for a file, and opens it in the engine Worker. */
export function chooseLocalFile(): Promise<ViewerApi> {
  const panel = element<HTMLElement>('local')
  const input = element<HTMLInputElement>('file-input')
  const status = element<HTMLElement>('local-status')
  panel.hidden = false
  document.body.classList.add('local-mode')
  return new Promise((resolve) => {
    let busy = false
    const open = (file: File | undefined): void => {
      if (file === undefined || busy) return
      busy = true
      openLocalApi(file, (text) => {
        status.textContent = text
      }).then(
        (api) => {
          panel.hidden = true
          resolve(api)
        },
        (error: unknown) => {
          busy = false
          const code = (error as { code?: unknown }).code
          status.textContent = `${file.name} cannot be opened${typeof code === 'string' ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`
          status.dataset.error = typeof code === 'string' ? code : 'error'
        },
      )
    }
    input.addEventListener('change', () => open(input.files?.[0]))
    document.addEventListener('dragover', (event) => {
      event.preventDefault()
      panel.classList.add('dropping')
    })
    document.addEventListener('dragleave', () => panel.classList.remove('dropping'))
    document.addEventListener('drop', (event) => {
      event.preventDefault()
      panel.classList.remove('dropping')
      open(event.dataTransfer?.files[0])
    })
  })
}
