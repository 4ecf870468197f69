/**
 * The editor's collaborative mode (`editor.html?sync=ws://…&doc=ID&token=T[&name=N]`): the
 * document is a sync client's ({@link SyncTarget}); this module connects it and runs the page
 * furniture around it: the connection line (status, who I am, how many others), a visible notice
 * for what the user must know (an undo that left another user's later edits, edits the server
 * dropped, a read-only token, a refused connection), this page's cursor (document coordinates,
 * at most once per animation frame) and selection sent as presence, and the other users drawn
 * over the canvas: each one's selection outlined and cursor with their name, in their colour.
 */
import type { DroppedEvent, Peer } from '@wiretuner/sync'
import type { Document, Point, Viewport } from '@wiretuner/vector-model'
import { worldToScreen } from '@wiretuner/vector-model'
import { connectSync, type SyncTarget as SyncAddress } from '../sync-api.ts'
import { colourOf } from '../sync-mode.ts'
import { STARTER_EVENTS } from './document-source.ts'
import { SyncTarget } from './sync-target.ts'
import { boundsOfIds } from './tool-kit.ts'

/** What a notice is about (`data-kind` of `#collab-notice`). */
export type NoticeKind = 'undo-conflict' | 'dropped' | 'read-only' | 'refused' | 'error'

/** A peer as last drawn: screen position of its cursor (undefined: off the canvas) and its selection. */
export interface DrawnPeer {
  readonly userId: string
  readonly name: string
  readonly colour: string
  readonly cursor: Point | undefined
  readonly selection: readonly string[]
}

/** The running collaborative mode. */
export interface Collab {
  readonly target: SyncTarget
  /** True when the token grants read access only (tools are off). */
  readonly readOnly: boolean
  /** The peers as the last frame drew them. */
  readonly drawn: readonly DrawnPeer[]
  /** Shows a notice to the user. */
  notify(kind: NoticeKind, text: string): void
  /** This page's pointer in document coordinates (null: off the canvas). */
  setCursor(world: Point | null): void
  /** This page's selection (sent when it changed). */
  setSelection(ids: readonly string[]): void
  /** Draws the peers over the canvas (screen space). */
  drawPeers(ctx: CanvasRenderingContext2D, viewport: Viewport, doc: Document): void
}

function element(id: string): HTMLElement {
  const found = document.getElementById(id)
  if (!found) throw new Error(`missing #${id}`)
  return found
}

/** A message for dropped edits: how many and the first reason. */
function droppedText(dropped: readonly DroppedEvent[]): string {
  const first = dropped[0]
  const reason = first === undefined ? '' : `: ${first.event.eventType} ${first.reason}`
  return `${dropped.length} edit(s) could not be kept (another user changed the document first)${reason}`
}

/**
 * Connects to the sync server (rejects when it refuses the token), starts a new document with an
 * artboard and a layer (write access), and wires the status line, notices and presence.
 */
export async function startCollab(
  address: SyncAddress,
  name: string | null,
  requestRender: () => void,
): Promise<Collab> {
  const status = element('collab-status')
  const notice = element('collab-notice')
  status.hidden = false
  status.textContent = `connecting to ${address.url}…`
  notice.title = 'Click to dismiss'
  notice.addEventListener('click', () => {
    notice.hidden = true
  })
  let target: SyncTarget | undefined
  const client = await connectSync(
    address,
    (state) => {
      status.textContent = `${state}: ${address.url}`
      status.dataset.status = state
    },
    (c) => {
      target = new SyncTarget(c)
    },
  )
  if (target === undefined) throw new Error('the sync client was not prepared')
  const shared = target
  const userId = client.userId ?? 'me'
  const me = { name: name?.trim().slice(0, 100) || userId, colour: colourOf(userId) }
  const readOnly = client.access === 'read'
  let cursor: Point | null = null
  let selection: readonly string[] = []
  let framePending = false
  let drawn: DrawnPeer[] = []

  const notify = (kind: NoticeKind, text: string): void => {
    notice.hidden = false
    notice.dataset.kind = kind
    notice.textContent = text
  }
  const showStatus = (): void => {
    const others = client.peers.size
    status.textContent = `${client.status} · ${me.name} (${client.access ?? '?'}) · ${others} other${others === 1 ? '' : 's'}`
    status.dataset.status = client.status
  }
  const send = (): void => client.setPresence({ ...me, cursor, selection, viewport: null })

  client.onStatus(showStatus)
  client.onPresence(() => {
    showStatus()
    requestRender()
  })
  client.onError((error) => {
    if (client.status === 'failed') notify('refused', error.message)
  })
  client.onDropped((dropped) => notify('dropped', droppedText(dropped)))
  client.onUndoConflict((conflicts) => {
    const left = conflicts.reduce(
      (n, c) => n + c.objectIds.length + c.layerIds.length + c.artboardIds.length,
      0,
    )
    const kind = conflicts[0]?.kind ?? 'undo'
    notify(
      'undo-conflict',
      `${kind === 'undo' ? 'Undo' : 'Redo'} left ${left} item(s) as another user changed them since (their later edit wins)`,
    )
  })
  if (readOnly) notify('read-only', 'Read-only: this token grants read access only, so the tools are off.')
  else if (client.document.artboards.length === 0) {
    // a new shared document: the artboard and layer the editor draws on
    await shared.dispatch([...STARTER_EVENTS])
  }
  showStatus()
  send()

  return {
    target: shared,
    readOnly,
    get drawn() {
      return drawn
    },
    notify,
    setCursor(world) {
      cursor =
        world === null ? null : { x: Math.round(world.x * 100) / 100, y: Math.round(world.y * 100) / 100 }
      if (framePending) return
      framePending = true
      requestAnimationFrame(() => {
        framePending = false
        send()
      })
    },
    setSelection(ids) {
      if (ids.length === selection.length && ids.every((id, i) => id === selection[i])) return
      selection = [...ids]
      send()
    },
    drawPeers(ctx, viewport, doc) {
      drawn = [...client.peers.values()].map((peer) => drawPeer(ctx, viewport, doc, peer))
    },
  }
}

/** Draws one peer: its selection's box (dashed) and its cursor with a name tag. */
function drawPeer(ctx: CanvasRenderingContext2D, viewport: Viewport, doc: Document, peer: Peer): DrawnPeer {
  const { name, colour, cursor, selection } = peer.state
  ctx.save()
  ctx.strokeStyle = colour
  ctx.fillStyle = colour
  ctx.lineWidth = 2
  const box = selection.length > 0 ? boundsOfIds(doc, selection) : undefined
  if (box !== undefined) {
    const a = worldToScreen(viewport, { x: box.x, y: box.y })
    const b = worldToScreen(viewport, { x: box.x + box.width, y: box.y + box.height })
    ctx.setLineDash([6, 3])
    ctx.strokeRect(a.x - 3, a.y - 3, b.x - a.x + 6, b.y - a.y + 6)
    ctx.setLineDash([])
  }
  let at: Point | undefined
  if (cursor !== null) {
    at = worldToScreen(viewport, cursor)
    ctx.beginPath()
    ctx.moveTo(at.x, at.y)
    ctx.lineTo(at.x, at.y + 16)
    ctx.lineTo(at.x + 4.5, at.y + 12)
    ctx.lineTo(at.x + 11, at.y + 11)
    ctx.closePath()
    ctx.fill()
    ctx.font = '12px system-ui, sans-serif'
    const width = ctx.measureText(name).width + 8
    ctx.fillRect(at.x + 10, at.y + 14, width, 17)
    ctx.fillStyle = '#fff'
    ctx.fillText(name, at.x + 14, at.y + 27)
  }
  ctx.restore()
  return { userId: peer.userId, name, colour, cursor: at, selection }
}
