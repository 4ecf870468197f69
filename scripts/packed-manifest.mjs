// Rules every packed (published) package must follow, used by `pnpm check:pkg` on each tarball:
// no private workspace package named in any dependency field (pnpm pack keeps devDependencies),
// no workspace: ranges, the LICENSE file shipped and equal to the repository's, the metadata
// fields a registry page shows, and no declaration or source maps (the sources are not shipped).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']
const METADATA_FIELDS = ['license', 'author', 'homepage', 'bugs', 'keywords', 'repository']

/** Names of the workspace's private packages (packages/*, apps/*, tools/*). */
export function privateWorkspacePackages(root) {
  const names = []
  for (const group of ['packages', 'apps', 'tools']) {
    const dir = join(root, group)
    if (!existsSync(dir)) continue
    for (const entry of readdirSync(dir)) {
      const manifest = join(dir, entry, 'package.json')
      if (!existsSync(manifest)) continue
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'))
      if (pkg.private === true) names.push(pkg.name)
    }
  }
  return names
}

/** The file names in a tarball (without the leading `package/`). */
export function tarballFiles(tarball) {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''))
}

/**
 * Checks a packed manifest and its file list; throws one Error listing every broken rule, or
 * returns a short summary.
 */
export function checkPackedManifest({ manifest, files, license, privateNames }) {
  const problems = []
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (privateNames.includes(name)) problems.push(`${field} names the private workspace package ${name}`)
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${name} is still ${range}`)
    }
  }
  for (const field of METADATA_FIELDS) {
    const value = manifest[field]
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
      problems.push(`no ${field}`)
  }
  if (typeof manifest.repository === 'object' && typeof manifest.repository.directory !== 'string')
    problems.push('repository has no directory')
  if (!files.includes('LICENSE')) problems.push('LICENSE is not in the tarball')
  else if (license.packed !== license.root) problems.push('the packed LICENSE differs from the root LICENSE')
  const maps = files.filter((f) => f.endsWith('.map'))
  if (maps.length > 0) problems.push(`ships maps without their sources: ${maps.slice(0, 3).join(', ')}`)
  if (problems.length > 0) throw new Error(problems.join('\n'))
  return `${files.length} files, LICENSE, no maps, no private packages`
}
