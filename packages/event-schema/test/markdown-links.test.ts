/**
 * The repository's Markdown points at files that exist (see `scripts/markdown-links.ts`); this
 * package runs the check for the whole repository.
 */
import { describe, expect, it } from 'vitest'
import {
  linkProblems,
  markdownFiles,
  repoRoot,
  repositoryLinkProblems,
} from '../../../scripts/markdown-links.ts'

describe('Markdown links', () => {
  it('every relative link of every Markdown file resolves', () => {
    expect(markdownFiles().length).toBeGreaterThan(5)
    expect(repositoryLinkProblems()).toEqual([])
  })

  it('reports a broken link and a shared/spec reference', () => {
    const page = `${repoRoot}/docs/page.md`
    expect(
      linkProblems(
        page,
        'ok [a](architecture.md#layers) [web](https://x.y)\n[b](missing.md)\n`../shared/spec/`',
      ),
    ).toEqual([
      'docs/page.md:2: broken link missing.md',
      'docs/page.md:3: shared/spec/ is not in the repository (use docs/spec/)',
    ])
  })
})
