// Ties in a count, resolved by the rule the election round recorded: by lot (a draw the count
// makes from a recorded seed, so anyone can repeat it), or in favour of the candidate nominated
// first. Every resolution is written down in the count.
import { createHash } from 'node:crypto'
import type { TieRule } from './board-election.ts'

export interface TieResolution {
  /** The candidates that were level, in nomination order. */
  tied: string[]
  chosen: string
  /** What the choice was for: "excluded", "surplus transferred first", "elected". */
  purpose: string
  how: 'earlier stage' | 'lot' | 'nomination order'
}

export interface TieBreaker {
  /** The candidate `tied` favours (elected, or whose surplus goes first). */
  most(tied: readonly string[], purpose: string): string
  /** The candidate `tied` favours least (excluded). */
  least(tied: readonly string[], purpose: string): string
  readonly resolutions: TieResolution[]
}

/**
 * `order` is every candidate in nomination order. With `lot`, each draw is the next number from
 * SHA-256(seed:draw number), so the same seed gives the same draws.
 */
export function tieBreaker(rule: TieRule, order: readonly string[], seed: string): TieBreaker {
  const resolutions: TieResolution[] = []
  let draws = 0
  const sorted = (tied: readonly string[]) => [...tied].sort((a, b) => order.indexOf(a) - order.indexOf(b))
  const draw = (count: number): number => {
    draws += 1
    const digest = createHash('sha256').update(`${seed}:${draws}`).digest()
    return digest.readUInt32BE(0) % count
  }
  const choose = (tied: readonly string[], purpose: string, favour: 'first' | 'last'): string => {
    const candidates = sorted(tied)
    const chosen = rule === 'lot' ? candidates[draw(candidates.length)]! : favour === 'first' ? candidates[0]! : candidates[candidates.length - 1]!
    resolutions.push({ tied: candidates, chosen, purpose, how: rule === 'lot' ? 'lot' : 'nomination order' })
    return chosen
  }
  return {
    most: (tied, purpose) => choose(tied, purpose, 'first'),
    least: (tied, purpose) => choose(tied, purpose, 'last'),
    resolutions,
  }
}
