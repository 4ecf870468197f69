/**
 * A private PostgreSQL server started from Debian's binaries (`/usr/lib/postgresql/<v>/bin`):
 * `initdb` on a temporary directory (trust authentication, superuser `wt`), `pg_ctl start` on a
 * free 127.0.0.1 port with the socket in the same directory, `pg_ctl stop` and removal after.
 * PostgreSQL refuses to run as root, so a root caller runs both as the `postgres` user (runuser).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PgKitError } from './errors.js'

/** Where Debian installs the server binaries, one directory per major version. */
const DEBIAN_ROOT = '/usr/lib/postgresql'

/** The superuser `initdb` creates (trust authentication on loopback and the socket). */
export const LOCAL_USER = 'wt'

/** Options of {@link startLocalServer}. */
export interface LocalServerOptions {
  /**
   * Keep PostgreSQL's durability (fsync, synchronous commit): for benchmarks that compare with
   * a durable SQLite file. Default false: a throwaway test server skips the flushes.
   */
  readonly durable?: boolean
}

/** A running private server. */
export interface LocalServer {
  readonly url: string
  readonly port: number
  readonly dataDir: string
  stop(): Promise<void>
}

/** The newest `bin` directory holding `initdb` and `pg_ctl` (`WT_POSTGRES_BIN` wins). */
export function findServerBinaries(): string {
  const forced = process.env.WT_POSTGRES_BIN
  const candidates = forced
    ? [forced]
    : (existsSync(DEBIAN_ROOT) ? readdirSync(DEBIAN_ROOT) : [])
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(DEBIAN_ROOT, v, 'bin'))
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')))
  if (found === undefined) {
    throw new PgKitError(
      'not-installed',
      `PostgreSQL server binaries not found (${forced ? `WT_POSTGRES_BIN=${forced}` : `${DEBIAN_ROOT}/*/bin/initdb`}): run scripts/setup.sh (installs Debian's postgresql) or set WT_POSTGRES_URL to an existing server`,
    )
  }
  return found
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/** The uid and gid of the `postgres` account (a root caller runs the server as it). */
function postgresAccount(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    return { uid, gid }
  } catch (error) {
    throw new PgKitError(
      'not-installed',
      'running as root, but there is no `postgres` account to run PostgreSQL as (install Debian`s postgresql package)',
      { cause: error },
    )
  }
}

/** Runs a server binary, as `postgres` when root; throws `start-failed` with its output. */
function run(bin: string, args: readonly string[], what: string, logFile?: string): void {
  const [command, argv] =
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, [...args]]
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 })
  if (result.status !== 0) {
    const log = logFile !== undefined && existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''
    throw new PgKitError(
      'start-failed',
      `${what} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}${result.stdout}${log}`.trim(),
      { cause: result.error },
    )
  }
}

/** Starts a private server; `stop()` shuts it down and deletes its files. */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const bin = findServerBinaries()
  const root = mkdtempSync(join(tmpdir(), 'wt-pg-'))
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresAccount()
    chownSync(root, uid, gid)
  }
  const dataDir = join(root, 'data')
  const logFile = join(root, 'server.log')
  const pgCtl = join(bin, 'pg_ctl')
  try {
    run(
      join(bin, 'initdb'),
      ['-D', dataDir, '-A', 'trust', '-U', LOCAL_USER, '-E', 'UTF8', '--no-sync'],
      'initdb',
    )
    const flush = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'
    let lastError: unknown
    // a port found free can be taken before the server binds it: try a few
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort()
      const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1${flush}`
      try {
        run(
          pgCtl,
          ['-D', dataDir, '-o', serverOptions, '-l', logFile, '-w', '-t', '60', 'start'],
          'pg_ctl start',
          logFile,
        )
      } catch (error) {
        lastError = error
        continue
      }
      let stopped: Promise<void> | undefined
      const stopNow = (): void => {
        spawnSync(...stopCommand(pgCtl, dataDir))
        rmSync(root, { recursive: true, force: true })
      }
      // a test process that dies without stop() must not leave a server behind
      process.once('exit', stopNow)
      return {
        url: `postgres://${LOCAL_USER}@127.0.0.1:${port}/postgres`,
        port,
        dataDir,
        stop: () => {
          stopped ??= Promise.resolve().then(() => {
            process.removeListener('exit', stopNow)
            stopNow()
          })
          return stopped
        },
      }
    }
    throw lastError
  } catch (error) {
    rmSync(root, { recursive: true, force: true })
    throw error
  }
}

/** The `pg_ctl stop` command line (fast shutdown: open connections are closed). */
function stopCommand(pgCtl: string, dataDir: string): [string, string[], { stdio: 'ignore' }] {
  const args = ['-D', dataDir, '-m', 'fast', '-w', 'stop']
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'ignore' }]
    : [pgCtl, args, { stdio: 'ignore' }]
}
