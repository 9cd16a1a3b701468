import type { CriteriaText, Criterion } from '../../../domain/role-definition.ts'

// Keys: stable identifiers for criteria, questions and checklist items, made once from their
// text and kept when the text is reworded, so scores and answers stay attached across versions.

/** Keys that would clash with the admin pages' own addresses (/questions/new). */
export const RESERVED_KEYS = ['new']

/** A lowercase-hyphen key from some text, at most 40 characters, not in `taken`. */
export function keyFrom(text: string, taken: Iterable<string>, fallback: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  let base = ''
  for (const word of words) {
    const next = base ? `${base}-${word}` : word
    if (next.length > 40) break
    base = next
  }
  base ||= fallback
  const used = new Set(taken)
  let key = base
  for (let n = 2; used.has(key); n++) key = `${base}-${n}`
  return key
}

function normalised(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim()
}

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  const squeezed = normalised(text)
  for (let i = 0; i < squeezed.length - 1; i++) {
    const pair = squeezed.slice(i, i + 2)
    counts.set(pair, (counts.get(pair) ?? 0) + 1)
  }
  return counts
}

/** Dice similarity of character pairs, 0 to 1: how much of a rewording is the same text. */
export function similarity(a: string, b: string): number {
  const left = bigrams(a)
  const right = bigrams(b)
  let shared = 0
  let total = 0
  for (const [pair, count] of left) {
    shared += Math.min(count, right.get(pair) ?? 0)
    total += count
  }
  for (const count of right.values()) total += count
  return total === 0 ? (normalised(a) === normalised(b) ? 1 : 0) : (2 * shared) / total
}

/** A reworded line at the same place in the same list: a light edit is enough to tell. */
const SAME_PLACE_SIMILARITY = 0.4
/** A line moved elsewhere and reworded: it must be mostly the same text. */
const ANYWHERE_SIMILARITY = 0.7

/**
 * The new criteria with keys. One typed per line, so which line was which has to be worked out:
 * the same text (anywhere, even moved between essential and desirable) keeps its key; then a
 * line reworded in place (same list, same position, similar text) keeps it; then a line that is
 * mostly the same text as one left over keeps it. Anything else is new and gets a new key, never
 * one that an earlier criterion of this role had.
 */
export function assignCriterionKeys(previous: readonly Criterion[], next: CriteriaText): Criterion[] {
  const items = [
    ...next.essential.map((text, position) => ({ text, kind: 'essential' as const, position, key: null as string | null })),
    ...next.desirable.map((text, position) => ({ text, kind: 'desirable' as const, position, key: null as string | null })),
  ]
  const unused = new Set(previous)
  const take = (item: (typeof items)[number], criterion: Criterion) => {
    item.key = criterion.key
    unused.delete(criterion)
  }

  for (const item of items) {
    const same = [...unused].find((criterion) => normalised(criterion.text) === normalised(item.text))
    if (same) take(item, same)
  }
  for (const item of items.filter((candidate) => !candidate.key)) {
    const atPlace = previous.filter((criterion) => criterion.kind === item.kind)[item.position]
    if (atPlace && unused.has(atPlace) && similarity(atPlace.text, item.text) >= SAME_PLACE_SIMILARITY) take(item, atPlace)
  }
  for (const item of items.filter((candidate) => !candidate.key)) {
    const best = [...unused]
      .map((criterion) => ({ criterion, score: similarity(criterion.text, item.text) }))
      .sort((a, b) => b.score - a.score)[0]
    if (best && best.score >= ANYWHERE_SIMILARITY) take(item, best.criterion)
  }

  const taken = new Set(previous.map((criterion) => criterion.key))
  for (const item of items) if (item.key) taken.add(item.key)
  return items.map((item) => {
    const key = item.key ?? keyFrom(item.text, taken, 'criterion')
    taken.add(key)
    return { key, text: item.text, kind: item.kind }
  })
}
