/**
 * `node --conditions=@wiretuner/source --import tsx write-fixture.ts PATH EVENTS`: writes the
 * shared fixture document in a child process. Vitest's global setup cannot import workspace
 * packages from their sources (its module runner leaves them to Node, which finds no built
 * `dist` on a fresh clone), so the setup runs this instead.
 */
import { writeFixture } from './fixture.ts'

const [path, events] = process.argv.slice(2)
if (path === undefined || events === undefined) throw new Error('usage: write-fixture.ts PATH EVENTS')
await writeFixture(path, Number(events))
