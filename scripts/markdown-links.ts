/**
 * Docs point at files that exist: every relative link `[text](target)` of every Markdown file of
 * the repository resolves to an existing file or folder, and no page refers to the `shared/spec/`
 * folder outside the repository (the spec lives in `docs/spec/`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const skipped = new Set([
  'node_modules',
  '.git',
  'dist',
  '.turbo',
  'reports',
  'out',
  'test-artifacts',
  '.pkg-check',
])

/** The repository root. */
export const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '..')

/** Every Markdown file under `root`, build output and dependencies left out. */
export function markdownFiles(root: string = repoRoot): string[] {
  const found: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skipped.has(entry.name)) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) found.push(path)
    }
  }
  walk(root)
  return found.sort()
}

/** The problems of one Markdown text at `path`: `file:line: message`. */
export function linkProblems(path: string, text: string, root: string = repoRoot): string[] {
  const problems: string[] = []
  const where = (index: number) => `${relative(root, path)}:${text.slice(0, index).split('\n').length}`
  for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1] ?? ''
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue
    const file = decodeURIComponent(target.split('#')[0] ?? '')
    if (!existsSync(resolve(dirname(path), file)))
      problems.push(`${where(match.index)}: broken link ${target}`)
  }
  for (const match of text.matchAll(/shared\/spec/g)) {
    problems.push(`${where(match.index)}: shared/spec/ is not in the repository (use docs/spec/)`)
  }
  return problems
}

/** The problems of every Markdown file of the repository. */
export function repositoryLinkProblems(root: string = repoRoot): string[] {
  return markdownFiles(root).flatMap((path) => linkProblems(path, readFileSync(path, 'utf8'), root))
}
