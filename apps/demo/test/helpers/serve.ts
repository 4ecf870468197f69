/** Starts `wiretuner serve` as a real child process and waits for its URL. */
import type { ChildProcess } from 'node:child_process'
import { spawnCli } from './cli.ts'

/** A running `wiretuner serve`. */
export interface ServeProcess {
  readonly url: string
  readonly child: ChildProcess
  stop(): Promise<void>
}

/** Spawns `wiretuner serve FILE --port 0 --json` (or `edit`) and resolves once it prints its URL. */
export function startServe(file: string, command: 'serve' | 'edit' = 'serve'): Promise<ServeProcess> {
  const child = spawnCli([command, file, '--port', '0', '--json'])
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d
    })
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) {
        const parsed = JSON.parse(line) as { url?: string }
        if (!parsed.url) return reject(new Error(`serve printed no url: ${line}`))
        resolve({
          url: parsed.url,
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done()
              child.once('exit', () => done())
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${err}`)))
  })
}
