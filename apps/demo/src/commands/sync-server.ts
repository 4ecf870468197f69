/**
 * `wiretuner sync-server [--db DIR | --postgres URL] [--port P] [--secret S]`: the collaboration
 * server of `@wiretuner/sync` on 127.0.0.1 (one `.wiretuner` file per document in DIR, or one
 * PostgreSQL database shared by any number of servers), and
 * `wiretuner sync-token`: mints a token for it. The secret comes from `--secret`, else from
 * `WIRETUNER_SYNC_SECRET`, else `sync-server` generates one and prints it (for minting tokens).
 * With `--viewer-port P` it also serves the viewer, whose sync mode follows a document live, and
 * the editor, whose collaborative mode edits it together with the other users.
 */
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { CliError, type Command, type CommandContext } from '@wiretuner/cli'
import { parseNonNegativeInt, portOption, portValue, stringOption } from '@wiretuner/cli/command-kit'
import { startSyncViewer, syncEditorUrl, syncViewerUrl } from '../server/sync-viewer.js'

/** Default port of the sync server. */
export const DEFAULT_SYNC_PORT = 4180
const SECRET_ENV = 'WIRETUNER_SYNC_SECRET'

function secretOf(ctx: CommandContext): string | undefined {
  return stringOption(ctx, 'secret') ?? process.env[SECRET_ENV]
}

/** The `wiretuner sync-server` command. */
export const syncServerCommand: Command = {
  name: 'sync-server',
  summary: 'Serve documents to collaborating clients over WebSocket (127.0.0.1 only)',
  positionals: [],
  options: {
    db: {
      type: 'string',
      valueName: 'DIR',
      description: 'directory of the documents, one .wiretuner file each (default ./sync-documents)',
    },
    postgres: {
      type: 'string',
      valueName: 'URL',
      description: 'store the documents in PostgreSQL (postgres://…); several servers may share it',
    },
    port: portOption(DEFAULT_SYNC_PORT),
    secret: {
      type: 'string',
      valueName: 'S',
      description: `token secret, at least 16 characters (default: $${SECRET_ENV}, else a new random one)`,
    },
    'viewer-port': {
      type: 'string',
      valueName: 'P',
      description:
        'also serve the viewer and editor on this port (0 picks a free one): follow and edit documents live',
    },
  },
  details: 'Stops on Ctrl+C. Mint tokens with `wiretuner sync-token --secret S --user NAME --document ID`.',
  async run(ctx) {
    const postgresUrl = stringOption(ctx, 'postgres')
    if (postgresUrl !== undefined && stringOption(ctx, 'db') !== undefined) {
      throw new CliError('usage', 'give --db DIR or --postgres URL, not both')
    }
    const port = portValue(ctx) ?? DEFAULT_SYNC_PORT
    const viewerPort = portValue(ctx, 'viewer-port')
    const given = secretOf(ctx)
    if (given !== undefined && given.length < 16)
      throw new CliError('usage', '--secret must have at least 16 characters')
    const secret = given ?? randomBytes(24).toString('base64url')
    const { directoryStore, sharedStore, startSyncServer } = await import('@wiretuner/sync/server')
    let where: string
    let storage: Parameters<typeof startSyncServer>[0]['store']
    let onAppend: Parameters<typeof startSyncServer>[0]['onAppend']
    if (postgresUrl !== undefined) {
      // several sync servers may share the database: each broadcasts the others' appends (LISTEN/NOTIFY)
      const { openPostgresStorage } = await import('@wiretuner/io-services/postgres')
      const pg = await openPostgresStorage({ connectionString: postgresUrl })
      storage = sharedStore(pg, () => pg.close())
      onAppend = (listener) => pg.onAppend(listener)
      where = 'PostgreSQL'
    } else {
      where = resolve(stringOption(ctx, 'db') ?? 'sync-documents')
      storage = directoryStore(where)
    }
    // a busy port is the server's one-line SyncError (invalid-option)
    const server = await startSyncServer({
      store: storage,
      secret,
      port,
      ...(onAppend === undefined ? {} : { onAppend }),
    })
    const viewer =
      viewerPort === undefined
        ? undefined
        : await startSyncViewer(viewerPort, ctx.note).catch(async (error: unknown) => {
            await server.close()
            throw error
          })
    const until = new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        void Promise.all([server.close(), viewer?.close()]).then(() => done())
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    const fromOption = stringOption(ctx, 'secret') !== undefined
    const secretArgument = given === undefined ? ` --secret ${secret}` : fromOption ? ' --secret S' : ''
    return {
      data: {
        url: server.url,
        port: server.port,
        db: where,
        ...(given === undefined ? { secret } : {}),
        ...(viewer === undefined ? {} : { viewerUrl: viewer.url, editorUrl: `${viewer.url}editor.html` }),
      },
      text: [
        `WireTuner sync server on ${server.url} (documents in ${where}; Ctrl+C to stop)`,
        `  mint a token: pnpm wiretuner sync-token${secretArgument} --user NAME --document ID|'*' [--read]`,
        ...(given !== undefined && !fromOption ? [`  (the secret is $${SECRET_ENV})`] : []),
        ...(viewer === undefined
          ? []
          : [
              `  follow a document live: ${syncViewerUrl(viewer.url, server.url, 'ID', 'TOKEN')}`,
              `  edit it together: ${syncEditorUrl(viewer.url, server.url, 'ID', 'TOKEN')}&name=YOUR_NAME`,
            ]),
      ].join('\n'),
      until,
    }
  },
}

/** The `wiretuner sync-token` command. */
export const syncTokenCommand: Command = {
  name: 'sync-token',
  summary: 'Mint a signed access token for the sync server',
  positionals: [],
  options: {
    secret: { type: 'string', valueName: 'S', description: `the server's secret (default: $${SECRET_ENV})` },
    user: {
      type: 'string',
      valueName: 'NAME',
      description: 'the user the token names (stamped on its events)',
    },
    document: { type: 'string', valueName: 'ID', description: "the document id, or '*' for every document" },
    read: { type: 'boolean', description: 'read-only access (default: read and write)' },
    hours: { type: 'string', valueName: 'N', description: 'validity in hours (default 24)' },
  },
  async run(ctx) {
    const secret = secretOf(ctx)
    if (secret === undefined || secret.length < 16) {
      throw new CliError('usage', `--secret (or $${SECRET_ENV}) of at least 16 characters is required`)
    }
    const user = stringOption(ctx, 'user')
    const document = stringOption(ctx, 'document')
    if (user === undefined || document === undefined)
      throw new CliError('usage', '--user and --document are required')
    const hoursRaw = stringOption(ctx, 'hours')
    const hours = hoursRaw === undefined ? 24 : parseNonNegativeInt(hoursRaw, 'hours')
    const access = ctx.options.read === true ? 'read' : 'write'
    const expiresAt = Date.now() + hours * 3_600_000
    const { createToken } = await import('@wiretuner/sync/server')
    const token = createToken({ userId: user, documents: { [document]: access }, expiresAt }, secret)
    return { data: { token, user, document, access, expiresAt }, text: token }
  },
}
