/**
 * README examples are code: every fenced ```ts block of a README is written to a file inside the
 * package that runs the test (so `@wiretuner/*` imports resolve through the workspace with the
 * `@wiretuner/source` condition), typechecked with the package's strict settings and run with
 * tsx. A block fenced ```ts no-run is neither compiled nor run (use sparingly: fragments only).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'

/** One runnable block of a README. */
export interface ReadmeExample {
  /** 1-based line of the opening fence. */
  readonly line: number
  readonly code: string
}

/** The fenced ```ts blocks of `markdown`, without those fenced ```ts no-run. */
export function extractTsBlocks(markdown: string): ReadmeExample[] {
  const blocks: ReadmeExample[] = []
  const lines = markdown.split('\n')
  let open: { line: number; run: boolean; body: string[] } | undefined
  for (const [index, text] of lines.entries()) {
    if (open === undefined) {
      const fence = /^```(\S*)\s*(.*)$/.exec(text)
      if (fence !== null) {
        const [, lang = '', info = ''] = fence
        open = { line: index + 1, run: lang === 'ts' && !/\bno-run\b/.test(info), body: [] }
      }
    } else if (text.startsWith('```')) {
      if (open.run) blocks.push({ line: open.line, code: `${open.body.join('\n')}\n` })
      open = undefined
    } else {
      open.body.push(text)
    }
  }
  if (open !== undefined) throw new Error(`unclosed code fence at line ${open.line}`)
  return blocks
}

/** The outcome of compiling and running a README's examples. */
export interface ReadmeCheck {
  readonly examples: number
  /** One message per failing step (typecheck, or the run of one block); empty when all pass. */
  readonly failures: string[]
}

const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '..')
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name)

/**
 * Writes the ts blocks of `readmePath` into `<packageDir>/test-artifacts/readme-examples/<name>/`,
 * typechecks them all with tsc (the package's tsconfig) and runs each with tsx in its own empty
 * working directory.
 */
export function checkReadmeExamples(packageDir: string, readmePath: string): ReadmeCheck {
  const examples = extractTsBlocks(readFileSync(readmePath, 'utf8'))
  const name = relative(repoRoot, readmePath).replaceAll(/[^A-Za-z0-9]+/g, '-')
  const dir = join(packageDir, 'test-artifacts', 'readme-examples', name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const files = examples.map((example) => {
    const file = join(dir, `line-${example.line}.ts`)
    writeFileSync(file, `export {}\n${example.code}`)
    return file
  })
  const failures: string[] = []
  if (files.length === 0) return { examples: 0, failures }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: relative(dir, join(packageDir, 'tsconfig.json')),
      compilerOptions: { noEmit: true, allowImportingTsExtensions: true },
      include: ['*.ts'],
    }),
  )
  const tsc = spawnSync(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' })
  if (tsc.status !== 0)
    failures.push(`typecheck of ${basename(readmePath)} examples:\n${tsc.stdout}${tsc.stderr}`)
  for (const [index, file] of files.entries()) {
    const cwd = join(dir, `run-${index}`)
    mkdirSync(cwd)
    const run = spawnSync(bin('tsx'), ['--conditions=@wiretuner/source', file], {
      cwd,
      encoding: 'utf8',
      timeout: 60_000,
    })
    if (run.status !== 0) {
      const line = examples[index]?.line
      failures.push(`${readmePath}:${line} exited ${run.status ?? run.signal}:\n${run.stdout}${run.stderr}`)
    }
  }
  return { examples: examples.length, failures }
}
