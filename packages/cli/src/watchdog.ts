/**
 * The CLI's overall `--timeout` for scripts. Reads never loop without progress, but a long replay
 * of a huge file still takes its time; a script that must not wait longer than N seconds gets
 * `wiretuner … --timeout N`. The watchdog is a small separate process (nothing in this one can
 * run while a synchronous fold does, and signal handlers of loaders wait for the event loop):
 * after N seconds it writes one line on stderr and ends this process with SIGKILL (exit status
 * 137); it ends itself as soon as this process is gone. Outputs are renamed into place only when
 * complete, so a timed-out command leaves no partial output.
 */
import { spawn } from 'node:child_process'

const WATCHDOG_SOURCE = `
const [ms, pid, message] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3]]
const alive = () => { try { process.kill(pid, 0); return true } catch { return false } }
const started = Date.now()
const timer = setInterval(() => {
  if (!alive()) process.exit(0)
  if (Date.now() - started >= ms) {
    process.stderr.write(message)
    try { process.kill(pid, 'SIGKILL') } catch {}
    process.exit(0)
  }
}, Math.min(100, ms))
`

/** Ends this process after `seconds` unless it exits first. */
export function startWatchdog(seconds: number, command: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      WATCHDOG_SOURCE,
      String(Math.round(seconds * 1000)),
      String(process.pid),
      `wiretuner ${command}: error: timed out after ${seconds} s (--timeout)\n`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], detached: false },
  )
  child.unref()
  process.once('exit', () => child.kill())
  return Promise.resolve()
}
