/**
 * Child of the process-level benchmark (process.ts): ONE fresh node process, public package
 * entries only. Times, with Node's nanosecond clock from the call to the result, the first open in
 * this process (`openWireTunerFile`, then `openSession`), then per mode:
 *  - `undo`: the first `undo()`, then the first `redo()` (the file is a per-process copy),
 *    `cryptoLoaded` (1 when Node's crypto modules were already loaded before that undo) and
 *    `cryptoAfterUndo` (1 when they were loaded after it: the undo's event id loaded them);
 *  - `seek`: the first `documentAt(k)` (read-only open);
 *  - `phases`: the open's public steps one by one (first call of each), then `openSession`.
 * Then the same again in this process (warm) for comparison. Each step also records the
 * process's CPU time (`<step>.cpu`: user + system, which other processes' load inflates far less
 * than the wall clock on a shared box). Prints one JSON line.
 * Usage: process-child <undo|seek|phases> <file> <documentId> [k]
 */
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { openSession } from '@wiretuner/replay'
import { decodeReplayState } from '@wiretuner/replay/advanced'

const [mode, path, documentId, kText] = process.argv.slice(2)
if (path === undefined || documentId === undefined)
  throw new Error('usage: process-child <mode> <file> <id> [k]')
/** Startup: node (and tsx when run from source) and the package imports, ms since the process started. */
const startup = process.uptime() * 1000
/**
 * The timer: Node's nanosecond clock, in ms. Not `performance.now()`: the first read of
 * `performance` loads Node's perf_hooks modules (~1.1 ms), which would then be loaded for the
 * code under test too (until 2026-12-08 this hid the ~1.1 ms that openSession's own
 * `performance.now()` cost a program that had not used it).
 */
const now = (): number => Number(process.hrtime.bigint()) / 1e6
const k = Number(kText ?? 0)
const times: Record<string, number> = { startup }
/** CPU time of this process so far, ms (user + system, V8's compiler and GC threads included). */
const cpu = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
/** Times `run`: wall clock as `name`, and the process's CPU time as `name.cpu` (load-robust). */
const timed = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
  const c0 = cpu()
  const t0 = now()
  const value = await run()
  times[name] = now() - t0
  times[`${name}.cpu`] = cpu() - c0
  return value
}
/** Whether Node's internal crypto module is loaded in this process (undocumented list; else false). */
const cryptoLoaded = (): boolean =>
  (process as { moduleLoadList?: readonly string[] }).moduleLoadList?.includes(
    'NativeModule internal/crypto/random',
  ) === true
/** Sessions here never write a snapshot on close (it would change what the next open finds). */
const options = { closeSnapshotMinTail: Number.MAX_SAFE_INTEGER }

if (mode === 'phases') {
  const file = await timed('openFile', () => openWireTunerFile(path, { readOnly: true }))
  await timed('getMetadata', () => file.getMetadata(documentId))
  await timed('listSnapshots', () => file.listSnapshots(documentId))
  const snap = await timed('loadLatestSnapshot', () => file.loadLatestSnapshot(documentId).snapshot)
  if (snap === undefined) throw new Error(`no snapshot in ${path}`)
  await timed('decodeReplayState', () => decodeReplayState(snap.data, snap.eventSequence))
  await timed('readTail', () => [...file.readEvents(documentId, { from: snap.eventSequence + 1 })].length)
  await timed('openSession', () => openSession(file, documentId, options))
  file.close()
  await timed('openFile2', () => openWireTunerFile(path, { readOnly: true })).then((f) => f.close())
} else {
  for (const round of ['', 'warm.']) {
    const readOnly = mode === 'seek'
    const file = await timed(`${round}openFile`, () => openWireTunerFile(path, { readOnly }))
    const session = await timed(`${round}openSession`, () => openSession(file, documentId, options))
    for (const unit of ['', '.cpu']) {
      times[`${round}open${unit}`] =
        (times[`${round}openFile${unit}`] ?? 0) + (times[`${round}openSession${unit}`] ?? 0)
    }
    if (mode === 'undo') {
      // whether Node's crypto modules were loaded before the first undo (its event id draws
      // random bytes; tsx loads node:crypto for itself, a plain `node` process has not)
      if (round === '') times.cryptoLoaded = cryptoLoaded() ? 1 : 0
      await timed(`${round}undo`, () => session.undo())
      if (round === '') times.cryptoAfterUndo = cryptoLoaded() ? 1 : 0
      await timed(`${round}redo`, () => session.redo())
    } else {
      // warm: another k (the first k's state may be cached)
      const target = round === '' ? k : (k * 7919 + 104_729) % (session.sequence + 1)
      await timed(`${round}seek`, () => session.documentAt(Math.min(target, session.sequence)))
    }
    session.close()
    file.close()
  }
}
console.log(JSON.stringify(times))
