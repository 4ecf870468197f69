/**
 * The sync mode's page furniture around the shared viewer: connection status, an "add rectangle"
 * control (an edit through the sync client; a read-only token's edit is refused visibly), undo
 * and redo of this user's own edits (the client's per-user rule), this
 * page's cursor sent as presence (document coordinates, at most once per animation frame), and
 * the other users' presence drawn over the canvas: a cursor with their name in their colour and
 * an outline around each object they selected (a click on an object selects it here).
 */
import type { DraftEvent } from '@wiretuner/event-schema'
import type { Peer, SyncClient } from '@wiretuner/sync'
import type { Document } from '@wiretuner/vector-model'
import type { ViewerApi } from './api.ts'
import { connectSync, liveApi, type SyncTarget } from './sync-api.ts'

const COLOURS = ['#e4572e', '#2a6fdb', '#17a398', '#8f3985', '#f0a202', '#3d5a80'] as const

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (!found) throw new Error(`missing #${id}`)
  return found as T
}

/** A stable colour for `userId` (presence colours are `#rrggbb`). */
export function colourOf(userId: string): string {
  let hash = 0
  for (const ch of userId) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0
  return COLOURS[hash % COLOURS.length] ?? COLOURS[0]
}

/** The drawing's `<svg>` element, if one is shown. */
function drawing(pane: HTMLElement): SVGSVGElement | null {
  const svg = pane.firstElementChild
  return svg instanceof SVGSVGElement ? svg : null
}

/** The topmost object whose drawn bounds contain the screen point (unfilled shapes count too). */
function objectAt(pane: HTMLElement, x: number, y: number): string | undefined {
  const objects = [...pane.querySelectorAll('[data-id]')]
  for (let i = objects.length - 1; i >= 0; i--) {
    const box = objects[i]?.getBoundingClientRect()
    if (box && x >= box.left && x <= box.right && y >= box.top && y <= box.bottom)
      return objects[i]?.getAttribute('data-id') ?? undefined
  }
  return undefined
}

/** Adds one rectangle (and the artboard and layer it needs in an empty document); returns its id. */
function addRectangle(client: SyncClient, doc: Document, count: number): string {
  const drafts: DraftEvent[] = []
  const artboard = doc.artboards[0]
  const artboardId = artboard?.id ?? crypto.randomUUID()
  const bounds = artboard?.bounds ?? { x: 0, y: 0, width: 800, height: 600 }
  if (artboard === undefined) {
    drafts.push(client.createEvent({ eventType: 'CreateArtboardEvent', artboardId, name: 'Shared', bounds }))
  }
  let layerId = artboard?.layers.find((l) => !l.locked)?.id
  if (layerId === undefined) {
    layerId = crypto.randomUUID()
    drafts.push(client.createEvent({ eventType: 'CreateLayerEvent', layerId, artboardId, name: 'Layer 1' }))
  }
  const shapeId = crypto.randomUUID()
  const step = (count % 8) + 1
  drafts.push(
    client.createEvent({
      eventType: 'CreateShapeEvent',
      shapeId,
      shapeType: 'rectangle',
      layerId,
      parameters: {
        centerX: bounds.x + (bounds.width * step) / 9,
        centerY: bounds.y + bounds.height / 2,
        width: bounds.width / 12,
        height: bounds.height / 6,
      },
    }),
  )
  client.dispatch(drafts)
  return shapeId
}

/** Draws the peers over the canvas (cursor + name, selection outlines), in screen pixels. */
function drawPeers(layer: HTMLElement, pane: HTMLElement, peers: ReadonlyMap<string, Peer>): void {
  const svg = drawing(pane)
  const ctm = svg?.getScreenCTM() ?? null
  const origin = layer.getBoundingClientRect()
  const items: HTMLElement[] = []
  for (const peer of peers.values()) {
    const { cursor, selection, name, colour } = peer.state
    for (const id of selection) {
      const shape = svg?.querySelector(`[data-id="${CSS.escape(id)}"]`)
      if (!(shape instanceof SVGGraphicsElement)) continue
      const box = shape.getBoundingClientRect()
      const outline = document.createElement('div')
      outline.className = 'peer-selection'
      outline.dataset.user = peer.userId
      outline.dataset.object = id
      outline.style.cssText = `left:${box.left - origin.left - 3}px;top:${box.top - origin.top - 3}px;width:${box.width + 6}px;height:${box.height + 6}px;border-color:${colour}`
      items.push(outline)
    }
    if (cursor === null || ctm === null) continue
    const at = new DOMPoint(cursor.x, cursor.y).matrixTransform(ctm)
    const mark = document.createElement('div')
    mark.className = 'peer-cursor'
    mark.dataset.user = peer.userId
    mark.dataset.x = String(cursor.x)
    mark.dataset.y = String(cursor.y)
    mark.style.cssText = `left:${at.x - origin.left}px;top:${at.y - origin.top}px;color:${colour}`
    const label = document.createElement('span')
    label.textContent = name
    label.style.background = colour
    mark.append(label)
    items.push(mark)
  }
  layer.replaceChildren(...items)
}

/** Connects, wires the sync bar and presence, and resolves with the live {@link ViewerApi}. */
export async function startSyncMode(target: SyncTarget, name: string | null): Promise<ViewerApi> {
  const bar = element<HTMLElement>('sync-bar')
  const status = element<HTMLElement>('sync-status')
  const add = element<HTMLButtonElement>('add-shape')
  const notice = element<HTMLElement>('sync-notice')
  const pane = element<HTMLElement>('svg-pane')
  const layer = element<HTMLElement>('presence')
  bar.hidden = false
  document.body.classList.add('sync-mode')
  status.textContent = `connecting to ${target.url}…`
  const client = await connectSync(target, (state) => {
    status.textContent = `${state}: ${target.url}${state === 'offline' ? ' (retrying…)' : ''}`
  })
  const userId = client.userId ?? 'me'
  const colour = colourOf(userId)
  // presence names have 1..100 characters: an empty or missing ?name shows the user id
  const me = { name: name?.trim().slice(0, 100) || userId, colour }
  let selection: readonly string[] = []
  let cursor: { x: number; y: number } | null = null
  const showStatus = (): void => {
    status.textContent = `${client.status} · ${me.name} (${client.access ?? '?'}) · ${client.peers.size} other(s)`
    status.dataset.status = client.status
  }
  const sendPresence = (): void => client.setPresence({ ...me, cursor, selection, viewport: null })
  const refuse = (message: string, code: string): void => {
    notice.textContent = message
    notice.dataset.error = code
  }
  client.onStatus(showStatus)
  client.onError((error) => {
    if (client.status === 'failed') refuse(error.message, error.code)
  })
  client.onDropped((dropped) => {
    const first = dropped[0]
    if (first !== undefined) refuse(`${dropped.length} edit(s) dropped: ${first.reason}`, first.code)
  })
  client.onPresence((peers) => {
    showStatus()
    drawPeers(layer, pane, peers)
  })
  // the drawing is replaced on every render: redraw the peers over the new one
  new MutationObserver(() => drawPeers(layer, pane, client.peers)).observe(pane, { childList: true })
  window.addEventListener('resize', () => drawPeers(layer, pane, client.peers))

  let added = 0
  add.addEventListener('click', () => {
    try {
      selection = [addRectangle(client, client.document, added++)]
      notice.textContent = ''
      delete notice.dataset.error
      sendPresence()
    } catch (error) {
      const code = (error as { code?: unknown }).code
      refuse(
        error instanceof Error ? error.message : String(error),
        typeof code === 'string' ? code : 'error',
      )
    }
  })
  // per-user undo/redo: only this user's own groups; what another user changed since is left and said
  const step = (kind: 'undo' | 'redo'): void => {
    try {
      const left = kind === 'undo' ? client.undo() : client.redo()
      if (left === undefined) {
        notice.textContent = ''
        delete notice.dataset.error
      } else {
        refuse(
          `${kind}: ${left.objectIds.length} object(s) another user changed since were left`,
          'undo-conflict',
        )
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code
      refuse(
        error instanceof Error ? error.message : String(error),
        typeof code === 'string' ? code : 'error',
      )
    }
  }
  element<HTMLButtonElement>('undo').addEventListener('click', () => step('undo'))
  element<HTMLButtonElement>('redo').addEventListener('click', () => step('redo'))
  if (client.access === 'read') add.title = 'This token grants read access only'

  // a click on an object selects it (shown to the others), elsewhere clears the selection
  pane.addEventListener('click', (event) => {
    const id = objectAt(pane, event.clientX, event.clientY)
    selection = id === undefined ? [] : [id]
    sendPresence()
  })

  let framePending = false
  pane.addEventListener('pointermove', (event) => {
    const ctm = drawing(pane)?.getScreenCTM() ?? null
    if (ctm === null) return
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse())
    cursor = { x: Math.round(at.x * 100) / 100, y: Math.round(at.y * 100) / 100 }
    if (framePending) return
    framePending = true
    requestAnimationFrame(() => {
      framePending = false
      sendPresence()
    })
  })
  pane.addEventListener('pointerleave', () => {
    cursor = null
    sendPresence()
  })
  sendPresence()
  showStatus()
  return liveApi(client, target)
}
