/**
 * Rules that JSON Schema cannot express because they relate two fields: a rectangle's corner
 * radius fits its size, a star's inner radius is below its outer radius, and a `line` anchor
 * carries no handles. Run after the schema check passes (fast boolean) or fails (issue listing).
 */
import type { ValidationIssue } from './errors.js'

type Loose = Record<string, unknown>

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** Appends every cross-field rule that `event` (of `eventType`) breaks. Tolerates malformed input. */
export function crossFieldIssues(eventType: string, event: Loose, issues: ValidationIssue[]): void {
  if (eventType === 'CreateShapeEvent') {
    const p = event.parameters
    if (typeof p !== 'object' || p === null) return
    const params = p as Loose
    if (event.shapeType === 'rectangle') {
      const r = num(params.cornerRadius)
      const w = num(params.width)
      const h = num(params.height)
      if (r !== undefined && w !== undefined && h !== undefined && r > Math.min(w, h) / 2) {
        issues.push({
          path: '/parameters/cornerRadius',
          rule: 'cornerRadius',
          message: `must be ≤ min(width, height) / 2 = ${Math.min(w, h) / 2}; got ${r}`,
        })
      }
    } else if (event.shapeType === 'star') {
      const inner = num(params.innerRadius)
      const outer = num(params.outerRadius)
      if (inner !== undefined && outer !== undefined && !(inner < outer)) {
        issues.push({
          path: '/parameters/innerRadius',
          rule: 'starRadii',
          message: `must be < outerRadius (${outer}); got ${inner}`,
        })
      }
    }
  } else if (eventType === 'AddAnchorEvent' && event.anchorType === 'line') {
    for (const key of ['handleIn', 'handleOut'] as const) {
      if (event[key] !== undefined) {
        issues.push({
          path: `/${key}`,
          rule: 'lineHandles',
          message: 'a line anchor has no handles (use bezier)',
        })
      }
    }
  }
}

/** Fast boolean form of {@link crossFieldIssues} for a value that already passed its schema. */
export function crossFieldOk(eventType: string, event: Loose): boolean {
  if (eventType === 'CreateShapeEvent') {
    const params = event.parameters as Loose
    if (event.shapeType === 'rectangle') {
      const r = params.cornerRadius as number | undefined
      return r === undefined || r <= Math.min(params.width as number, params.height as number) / 2
    }
    if (event.shapeType === 'star') return (params.innerRadius as number) < (params.outerRadius as number)
    return true
  }
  if (eventType === 'AddAnchorEvent' && event.anchorType === 'line') {
    return event.handleIn === undefined && event.handleOut === undefined
  }
  return true
}
