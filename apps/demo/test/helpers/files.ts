/** Builds damaged files for the bad-input tests (real SQLite, edited with better-sqlite3). */
import { copyFileSync } from 'node:fs'
import Database from 'better-sqlite3'

/** Copies `source` to `target` and runs `statements` on the copy (damage behind the engine's back). */
export function withSql(source: string, target: string, statements: string): string {
  copyFileSync(source, target)
  const db = new Database(target)
  db.exec(statements)
  db.close()
  return target
}
