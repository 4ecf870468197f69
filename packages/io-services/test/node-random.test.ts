/**
 * The Node random-byte source of event ids (node-random.ts): it reads the kernel's CSPRNG
 * (`/dev/urandom`), its bytes are the ones event ids carry, and a device that cannot be opened or
 * read in full (missing, a directory, a short file) falls back to Web Crypto for the whole
 * request, never to a non-cryptographic generator. A fresh Node process that opens a file and
 * appends an event loads none of Node's crypto modules.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  createEvent,
  EventSchemaError,
  getRandomByteSource,
  newEventId,
  type RandomByteSource,
  setRandomByteSource,
} from '@wiretuner/event-schema'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { nodeRandomSource as exported, openWireTunerFile } from '../src/node.js'
import { createDeviceRandomSource, nodeRandomSource, webCryptoFill } from '../src/node-random.js'
import { bundleWorker, spawnWorker, tempDir } from './helpers.js'

const { dir, cleanup } = tempDir('wt-random-')
afterAll(cleanup)
afterEach(() => {
  setRandomByteSource(undefined)
})

/** A fallback that records its calls and fills from Web Crypto. */
function recordingFallback(): { readonly source: RandomByteSource; readonly calls: number[] } {
  const calls: number[] = []
  return {
    calls,
    source: (target) => {
      calls.push(target.length)
      webCryptoFill(target)
    },
  }
}

const failing: RandomByteSource = () => {
  throw new Error('fallback must not be used')
}

describe('createDeviceRandomSource', () => {
  it('reads /dev/urandom in full: two 4 kB fills differ and are not constant', () => {
    const source = createDeviceRandomSource('/dev/urandom', failing)
    const a = new Uint8Array(4096)
    const b = new Uint8Array(4096)
    source(a)
    source(b)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
    expect(new Set(a).size).toBeGreaterThan(200) // 4096 uniform bytes: all 256 values, practically
  })

  it("puts the device's bytes in the event ids (a file of known bytes stands for the device)", () => {
    const path = join(dir, 'known-bytes')
    const bytes = Uint8Array.from({ length: 8 * 512 }, (_, i) => (i * 37 + 11) & 0xff)
    writeFileSync(path, bytes)
    setRandomByteSource(createDeviceRandomSource(path, failing))
    const id = newEventId(Date.now() + 3_600_000) // a later millisecond: the counter start is drawn
    const hex = (i: number) => (bytes[i] as number).toString(16).padStart(2, '0')
    // counter = (byte0 & 7) << 8 | byte1, then variant | (byte2 & 0x3f), byte3, bytes 4..9
    const counter = (((bytes[0] as number) & 0x07) << 8) | (bytes[1] as number)
    expect(id.slice(14, 18)).toBe(`7${counter.toString(16).padStart(3, '0')}`)
    expect(id.slice(19, 23)).toBe(`${(0x80 | ((bytes[2] as number) & 0x3f)).toString(16)}${hex(3)}`)
    expect(id.slice(24)).toBe([4, 5, 6, 7, 8, 9].map(hex).join(''))
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it.each([
    ['missing', () => join(dir, 'no-such-device')],
    [
      'a directory',
      () => {
        const path = join(dir, 'a-directory')
        mkdirSync(path, { recursive: true })
        return path
      },
    ],
    [
      'short (ends before the request is filled)',
      () => {
        const path = join(dir, 'short')
        writeFileSync(path, new Uint8Array(100).fill(7))
        return path
      },
    ],
  ])('falls back to Web Crypto for the whole request when the device is %s, and stays there', (_, make) => {
    const path = make()
    const fallback = recordingFallback()
    const source = createDeviceRandomSource(path, fallback.source)
    const a = new Uint8Array(4096)
    source(a)
    expect(fallback.calls).toEqual([4096])
    expect(a.subarray(0, 100).every((x) => x === 7)).toBe(false) // not the short file's bytes
    // the device is not tried again: a file appearing at the path later is not read
    rmSync(path, { recursive: true, force: true })
    writeFileSync(path, new Uint8Array(8192).fill(7))
    const b = new Uint8Array(4096)
    source(b)
    expect(fallback.calls).toEqual([4096, 4096])
    expect(new Set(b).size).toBeGreaterThan(200)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
  })

  it('reports a failing fallback through newEventId as random-source-failed, with the cause', () => {
    setRandomByteSource(
      createDeviceRandomSource(join(dir, 'no-such-device-2'), () => {
        throw new Error('no entropy here')
      }),
    )
    let caught: unknown
    try {
      newEventId()
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(EventSchemaError)
    expect((caught as EventSchemaError).code).toBe('random-source-failed')
    expect((caught as EventSchemaError).message).toMatch(
      /random byte source failed to fill 4096 bytes: no entropy here/,
    )
    expect(((caught as EventSchemaError).cause as Error).message).toBe('no entropy here')
  })

  it('fills requests above Web Crypto’s 64 kB limit from Web Crypto in chunks', () => {
    const big = new Uint8Array(200_000)
    webCryptoFill(big)
    expect(new Set(big.subarray(190_000)).size).toBeGreaterThan(200)
  })
})

describe('installation by openWireTunerFile', () => {
  it('installs the Node source on open, and is exported from the node entry', async () => {
    expect(exported).toBe(nodeRandomSource)
    setRandomByteSource(undefined)
    const file = await openWireTunerFile(':memory:')
    file.close()
    expect(getRandomByteSource()).toBe(nodeRandomSource)
    const ids = Array.from(
      { length: 1000 },
      () =>
        createEvent({ eventType: 'ClearSelectionEvent', documentId: '0f8fad5b-d9cb-469f-a165-70867728950e' })
          .eventId,
    )
    expect(new Set(ids).size).toBe(1000)
  })

  it('keeps a source the program set itself', async () => {
    const own: RandomByteSource = (target) => webCryptoFill(target)
    setRandomByteSource(own)
    const file = await openWireTunerFile(':memory:')
    file.close()
    expect(getRandomByteSource()).toBe(own)
  })

  it('a fresh Node process opens a file and appends an event without loading any crypto module', async () => {
    const bundle = await bundleWorker('random-source-worker')
    const worker = spawnWorker(bundle, [join(dir, 'fresh.wiretuner')])
    const line = JSON.parse(await worker.next('{')) as {
      eventId: string
      stored: number
      nodeSource: boolean
      moduleListSize: number
      cryptoModules: string[]
    }
    expect(await worker.exited).toBe(0)
    expect(line.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(line.stored).toBe(1)
    expect(line.nodeSource).toBe(true)
    expect(line.moduleListSize).toBeGreaterThan(50) // the list is there and filled
    expect(line.cryptoModules).toEqual([])
  })
})
