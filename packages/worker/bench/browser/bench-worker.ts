/**
 * The benchmark Worker: runs the shared workloads (../workloads.ts) on OPFS files, on request
 * from the bench page, and answers with the raw durations.
 */
import { answerRequests } from '@wiretuner/browser-kit/runner'
import { deleteOpfsFile, importOpfsFile, listOpfsFiles, openOpfsFile } from '@wiretuner/io-services/browser'
import { type OpenTiming, timeAppends, timeDecodeOnly, timeOpen, timeReadAll } from '../workloads.js'

/** A request to the benchmark Worker. */
export type BenchRequest =
  | { readonly op: 'warm' }
  | { readonly op: 'import'; readonly name: string; readonly url: string }
  | { readonly op: 'append'; readonly samples: number }
  | { readonly op: 'read'; readonly name: string; readonly documentId: string; readonly samples: number }
  | { readonly op: 'decode'; readonly name: string; readonly documentId: string; readonly samples: number }
  | { readonly op: 'open'; readonly name: string; readonly documentId: string; readonly samples: number }

answerRequests(async (message) => {
  const request = message as BenchRequest
  switch (request.op) {
    case 'warm': {
      // loads SQLite WASM (a timed open then pays only for its own file)
      const name = `warm-${Date.now()}.wiretuner`
      ;(await openOpfsFile(name)).close()
      await deleteOpfsFile(name)
      return 'warm'
    }
    case 'import': {
      if ((await listOpfsFiles()).includes(request.name)) return 'present'
      const bytes = new Uint8Array(await (await fetch(request.url)).arrayBuffer())
      await importOpfsFile(request.name, bytes)
      return 'imported'
    }
    case 'append': {
      const name = `append-${Date.now()}.wiretuner`
      const file = await openOpfsFile(name)
      try {
        return timeAppends(file, '11111111-1111-4111-8111-111111111111', request.samples)
      } finally {
        file.close()
        await deleteOpfsFile(name)
      }
    }
    case 'read': {
      const file = await openOpfsFile(request.name, { readOnly: true })
      try {
        return timeReadAll(file, request.documentId, request.samples)
      } finally {
        file.close()
      }
    }
    case 'decode': {
      const file = await openOpfsFile(request.name, { readOnly: true })
      try {
        return timeDecodeOnly(file, request.documentId, request.samples)
      } finally {
        file.close()
      }
    }
    case 'open': {
      // as the engine Worker opens a session: the newest snapshot inflated natively first
      const open = async () => {
        const file = await openOpfsFile(request.name, { readOnly: true })
        await file.prefetchLatestSnapshot(request.documentId)
        return { storage: file, close: () => file.close() }
      }
      const timings: OpenTiming[] = []
      for (let i = 0; i < request.samples; i++) timings.push(await timeOpen(open, request.documentId))
      return timings
    }
  }
})
