/**
 * A small persistent hash map from string keys (CHAMP-style hash array mapped trie, 32-way), with
 * transients: `asMutable()` returns a map whose updates mutate the nodes it created itself in
 * place (copy-on-write against everything shared), and `asImmutable()` freezes it again. Lookups
 * and updates touch O(log32 n) nodes; an update copies only the path to the changed entry.
 * Iteration order follows the hashes (not insertion order). A transient may carry a journal: the
 * value each key had before its first update or removal since the journal was attached (how a
 * draft records what an edit changed without freezing a copy of the map).
 */

/**
 * One update in progress: its result flags, and for a transient map the owner token of the
 * nodes it created (the record itself), which it may mutate in place. A persistent update uses a
 * fresh record; a transient map keeps one for its lifetime (updates are synchronous and never
 * nest, so the flags of one update never meet another's).
 */
class Edit {
  added = false
  removed = false
  /** `this` for a transient map's record, `undefined` for a persistent update. */
  readonly owner: Edit | undefined
  constructor(transient: boolean) {
    this.owner = transient ? this : undefined
  }
}

/** Receives the value each key had before its first change since the journal was attached. */
export interface HamtJournal<V> {
  /** Whether `key` was already noted. */
  has(key: string): boolean
  /** Notes `key`'s value before its first change (`undefined`: it was absent). */
  note(key: string, old: V | undefined): void
}

/** Inner node: `dataMap` marks inline entries (key, value pairs first), `nodeMap` child nodes (stored at the end, reversed). */
class BitmapNode {
  dataMap: number
  nodeMap: number
  content: unknown[]
  owner: Edit | undefined
  constructor(dataMap: number, nodeMap: number, content: unknown[], owner: Edit | undefined) {
    this.dataMap = dataMap
    this.nodeMap = nodeMap
    this.content = content
    this.owner = owner
  }
}

/** Leaf for keys whose 32-bit hashes are equal: a flat list of key, value pairs. */
class CollisionNode {
  content: unknown[]
  owner: Edit | undefined
  constructor(content: unknown[], owner: Edit | undefined) {
    this.content = content
    this.owner = owner
  }
}

type TrieNode = BitmapNode | CollisionNode

/** FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  v = (v + (v >>> 4)) & 0x0f0f0f0f
  return Math.imul(v, 0x01010101) >>> 24
}

function index(bitmap: number, bit: number): number {
  return popcount(bitmap & (bit - 1))
}

function lookup(root: TrieNode | undefined, key: string, hash: number): unknown {
  let node = root
  let shift = 0
  while (node !== undefined) {
    if (node instanceof CollisionNode) {
      const c = node.content
      for (let i = 0; i < c.length; i += 2) if (c[i] === key) return c[i + 1]
      return undefined
    }
    const bit = 1 << ((hash >>> shift) & 31)
    if ((node.dataMap & bit) !== 0) {
      const i = 2 * index(node.dataMap, bit)
      return node.content[i] === key ? node.content[i + 1] : undefined
    }
    if ((node.nodeMap & bit) === 0) return undefined
    node = node.content[node.content.length - 1 - index(node.nodeMap, bit)] as TrieNode
    shift += 5
  }
  return undefined
}

function merge(
  k1: string,
  v1: unknown,
  h1: number,
  k2: string,
  v2: unknown,
  h2: number,
  shift: number,
  owner: Edit | undefined,
): TrieNode {
  if (shift >= 32) return new CollisionNode([k1, v1, k2, v2], owner)
  const m1 = (h1 >>> shift) & 31
  const m2 = (h2 >>> shift) & 31
  if (m1 === m2) return new BitmapNode(0, 1 << m1, [merge(k1, v1, h1, k2, v2, h2, shift + 5, owner)], owner)
  return new BitmapNode((1 << m1) | (1 << m2), 0, m1 < m2 ? [k1, v1, k2, v2] : [k2, v2, k1, v1], owner)
}

/** Computes the value to store from the current one (`undefined` when the key is absent). */
type Updater = ((old: unknown) => unknown) | undefined

function editable<N extends TrieNode>(node: N, owner: Edit | undefined): N {
  if (owner !== undefined && node.owner === owner) return node
  if (node instanceof CollisionNode) return new CollisionNode(node.content.slice(), owner) as N
  return new BitmapNode(node.dataMap, node.nodeMap, node.content.slice(), owner) as N
}

function put(
  node: TrieNode,
  edit: Edit,
  key: string,
  hash: number,
  shift: number,
  given: unknown,
  fn: Updater,
): TrieNode {
  const owner = edit.owner
  if (node instanceof CollisionNode) {
    const c = node.content
    for (let i = 0; i < c.length; i += 2) {
      if (c[i] === key) {
        const value = fn === undefined ? given : fn(c[i + 1])
        if (c[i + 1] === value) return node
        const n = editable(node, owner)
        n.content[i + 1] = value
        return n
      }
    }
    const value = fn === undefined ? given : fn(undefined)
    edit.added = true
    const n = editable(node, owner)
    n.content.push(key, value)
    return n
  }
  const bit = 1 << ((hash >>> shift) & 31)
  if ((node.dataMap & bit) !== 0) {
    const i = 2 * index(node.dataMap, bit)
    const k = node.content[i] as string
    if (k === key) {
      const value = fn === undefined ? given : fn(node.content[i + 1])
      if (node.content[i + 1] === value) return node
      const n = editable(node, owner)
      n.content[i + 1] = value
      return n
    }
    const value = fn === undefined ? given : fn(undefined)
    edit.added = true
    const sub = merge(k, node.content[i + 1], hashString(k), key, value, hash, shift + 5, owner)
    const c = node.content.slice()
    c.splice(i, 2)
    const nodeMap = node.nodeMap | bit
    c.splice(c.length - index(nodeMap, bit), 0, sub)
    if (owner !== undefined && node.owner === owner) {
      node.dataMap ^= bit
      node.nodeMap = nodeMap
      node.content = c
      return node
    }
    return new BitmapNode(node.dataMap ^ bit, nodeMap, c, owner)
  }
  if ((node.nodeMap & bit) !== 0) {
    const j = node.content.length - 1 - index(node.nodeMap, bit)
    const child = node.content[j] as TrieNode
    const next = put(child, edit, key, hash, shift + 5, given, fn)
    if (next === child) return node
    const n = editable(node, owner)
    n.content[j] = next
    return n
  }
  const value = fn === undefined ? given : fn(undefined)
  edit.added = true
  const i = 2 * index(node.dataMap, bit)
  if (owner !== undefined && node.owner === owner) {
    node.content.splice(i, 0, key, value)
    node.dataMap |= bit
    return node
  }
  const c = node.content.slice()
  c.splice(i, 0, key, value)
  return new BitmapNode(node.dataMap | bit, node.nodeMap, c, owner)
}

function cut(node: TrieNode, edit: Edit, key: string, hash: number, shift: number): TrieNode | undefined {
  const owner = edit.owner
  if (node instanceof CollisionNode) {
    const c = node.content
    for (let i = 0; i < c.length; i += 2) {
      if (c[i] === key) {
        edit.removed = true
        if (c.length === 2) return undefined
        const n = editable(node, owner)
        n.content.splice(i, 2)
        return n
      }
    }
    return node
  }
  const bit = 1 << ((hash >>> shift) & 31)
  if ((node.dataMap & bit) !== 0) {
    const i = 2 * index(node.dataMap, bit)
    if (node.content[i] !== key) return node
    edit.removed = true
    if (node.content.length === 2) return undefined
    const n = editable(node, owner)
    n.content.splice(i, 2)
    n.dataMap ^= bit
    return n
  }
  if ((node.nodeMap & bit) !== 0) {
    const j = node.content.length - 1 - index(node.nodeMap, bit)
    const child = node.content[j] as TrieNode
    const next = cut(child, edit, key, hash, shift + 5)
    if (next === child) return node
    if (next === undefined && node.content.length === 1) return undefined
    const n = editable(node, owner)
    if (next === undefined) {
      n.content.splice(j, 1)
      n.nodeMap ^= bit
    } else if (next instanceof BitmapNode && next.nodeMap === 0 && next.content.length === 2) {
      // a child left with one entry is inlined into this node
      n.content.splice(j, 1)
      n.nodeMap ^= bit
      n.content.splice(2 * index(n.dataMap, bit), 0, next.content[0], next.content[1])
      n.dataMap |= bit
    } else {
      n.content[j] = next
    }
    return n
  }
  return node
}

/**
 * The trie of entries `order[lo..hi)` (indices into `keys`/`values`/`hashes`, sorted by their
 * hash fragments from `shift` on, see {@link HamtMap.fromEntries}): the node that inserting them
 * one by one builds (CHAMP tries are canonical: the same entries give the same nodes in any
 * insertion order), made in one pass without copies. Returns the key when two entries have it.
 */
function buildNode(
  keys: readonly string[],
  values: readonly unknown[],
  hashes: Uint32Array,
  order: Float64Array,
  lo: number,
  hi: number,
  shift: number,
): TrieNode | string {
  if (shift >= 32) {
    // equal 32-bit hashes: a collision leaf in insertion order, unless a key repeats
    const content: unknown[] = []
    for (let i = lo; i < hi; i++) {
      const at = order[i] as number
      const key = keys[at] as string
      for (let j = 0; j < content.length; j += 2) if (content[j] === key) return key
      content.push(key, values[at])
    }
    return new CollisionNode(content, undefined)
  }
  const content: unknown[] = []
  const children: TrieNode[] = []
  let dataMap = 0
  let nodeMap = 0
  let i = lo
  while (i < hi) {
    const fragment = ((hashes[order[i] as number] as number) >>> shift) & 31
    let end = i + 1
    while (end < hi && (((hashes[order[end] as number] as number) >>> shift) & 31) === fragment) end++
    if (end - i === 1) {
      const at = order[i] as number
      content.push(keys[at], values[at])
      dataMap |= 1 << fragment
    } else {
      const child = buildNode(keys, values, hashes, order, i, end, shift + 5)
      if (typeof child === 'string') return child
      children.push(child)
      nodeMap |= 1 << fragment
    }
    i = end
  }
  // child nodes are stored at the end in reverse fragment order
  for (let c = children.length - 1; c >= 0; c--) content.push(children[c])
  return new BitmapNode(dataMap, nodeMap, content, undefined)
}

/** `hash` with its 5-bit fragments reversed: fragment 0 most significant (sort order = trie order). */
function fragmentOrder(hash: number): number {
  let out = 0
  for (let shift = 0; shift < 30; shift += 5) out = out * 32 + ((hash >>> shift) & 31)
  return out * 4 + (hash >>> 30)
}

function* walk(node: TrieNode | undefined): Generator<unknown, void, undefined> {
  if (node === undefined) return
  const c = node.content
  if (node instanceof CollisionNode) {
    for (let i = 1; i < c.length; i += 2) yield c[i]
    return
  }
  const data = 2 * popcount(node.dataMap)
  for (let i = 1; i < data; i += 2) yield c[i]
  for (let j = c.length - 1; j >= data; j--) yield* walk(c[j] as TrieNode)
}

/** Persistent string-keyed map (see module comment). */
export class HamtMap<V> {
  #root: TrieNode | undefined
  #size: number
  /** A transient map's update record (owner of the nodes it created); `undefined` when persistent. */
  #owner: Edit | undefined
  #journal: HamtJournal<V> | undefined

  private constructor(root: TrieNode | undefined, size: number, owner: Edit | undefined) {
    this.#root = root
    this.#size = size
    this.#owner = owner
  }

  /** The empty map. */
  static empty<V>(): HamtMap<V> {
    return new HamtMap<V>(undefined, 0, undefined)
  }

  /**
   * The persistent map of `keys[i]` → `values[i]` (same length), built in one pass: the same map
   * as setting them one by one, without the per-entry path copies (a document's objects when a
   * snapshot is read). Returns the first repeated key found instead when a key appears twice.
   */
  static fromEntries<V>(keys: readonly string[], values: readonly V[]): HamtMap<V> | { duplicate: string } {
    const n = keys.length
    if (n >= 2 ** 20) {
      // the packed sort key below holds indices below 2^20: one by one for larger maps
      const map = HamtMap.empty<V>().asMutable()
      for (let i = 0; i < n; i++) {
        const key = keys[i] as string
        if (map.set(key, values[i] as V).size !== i + 1) return { duplicate: key }
      }
      return map.asImmutable()
    }
    if (n === 0) return HamtMap.empty<V>()
    const hashes = new Uint32Array(n)
    // sort key: fragments in trie order, then the index (insertion order among equal hashes)
    const order = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const hash = hashString(keys[i] as string)
      hashes[i] = hash
      order[i] = fragmentOrder(hash) * 2 ** 20 + i
    }
    order.sort()
    for (let i = 0; i < n; i++) order[i] = (order[i] as number) % 2 ** 20
    const root = buildNode(keys, values, hashes, order, 0, n, 0)
    if (typeof root === 'string') return { duplicate: root }
    return new HamtMap<V>(root, n, undefined)
  }

  /** Number of entries. */
  get size(): number {
    return this.#size
  }

  /** The value of `key`, or `undefined`. */
  get(key: string): V | undefined {
    return lookup(this.#root, key, hashString(key)) as V | undefined
  }

  /** Whether `key` is present. */
  has(key: string): boolean {
    return lookup(this.#root, key, hashString(key)) !== undefined
  }

  /** A map with `key` set to `value` (this map itself when mutable or unchanged). */
  set(key: string, value: V): HamtMap<V> {
    return this.#put(key, value, undefined)
  }

  /**
   * A map with `key` set to `fn(current value or undefined)`, in one traversal. When `fn`
   * throws, nothing has been changed (not even a transient map).
   */
  update(key: string, fn: (old: V | undefined) => V): HamtMap<V> {
    return this.#put(key, undefined, fn as Updater)
  }

  #put(key: string, given: unknown, fn: Updater): HamtMap<V> {
    const hash = hashString(key)
    const journal = this.#journal
    if (journal !== undefined && !journal.has(key)) journal.note(key, lookup(this.#root, key, hash) as V)
    const edit = this.#owner ?? new Edit(false)
    edit.added = false
    const owner = edit.owner
    let root: TrieNode
    if (this.#root === undefined) {
      const value = fn === undefined ? given : fn(undefined)
      root = new BitmapNode(1 << (hash & 31), 0, [key, value], owner)
    } else {
      root = put(this.#root, edit, key, hash, 0, given, fn)
    }
    const size = this.#root === undefined ? 1 : this.#size + (edit.added ? 1 : 0)
    if (owner !== undefined) {
      this.#root = root
      this.#size = size
      return this
    }
    if (root === this.#root) return this
    return new HamtMap<V>(root, size, undefined)
  }

  /** A map without `key` (this map itself when mutable or when the key is absent). */
  remove(key: string): HamtMap<V> {
    if (this.#root === undefined) return this
    const hash = hashString(key)
    const journal = this.#journal
    if (journal !== undefined && !journal.has(key)) journal.note(key, lookup(this.#root, key, hash) as V)
    const edit = this.#owner ?? new Edit(false)
    edit.removed = false
    const root = cut(this.#root, edit, key, hash, 0)
    if (!edit.removed) return this
    if (this.#owner !== undefined) {
      this.#root = root
      this.#size--
      return this
    }
    return new HamtMap<V>(root, this.#size - 1, undefined)
  }

  /**
   * A transient copy: its updates mutate in place; this map is never changed by them. With a
   * `journal`, every update or removal of a key not yet in it first records the key's current
   * value there (`undefined` when absent).
   */
  asMutable(journal?: HamtJournal<V>): HamtMap<V> {
    const map = new HamtMap<V>(this.#root, this.#size, new Edit(true))
    map.#journal = journal
    return map
  }

  /** Attaches (or with `undefined` detaches) the journal of a transient map (see {@link asMutable}). */
  record(journal: HamtJournal<V> | undefined): void {
    // only a transient map records (a persistent one is never updated in place)
    this.#journal = this.#owner === undefined ? undefined : journal
  }

  /** Ends the transient state of this map and returns it (persistent from now on; no journal). */
  asImmutable(): HamtMap<V> {
    this.#owner = undefined
    this.#journal = undefined
    return this
  }

  /** The values (in hash order). */
  values(): IterableIterator<V> {
    return walk(this.#root) as IterableIterator<V>
  }
}
