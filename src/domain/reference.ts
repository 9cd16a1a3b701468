import { randomInt } from 'node:crypto'

// No 0/O, 1/I/L or U/V pairs that people misread or mistype when reading a reference aloud.
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ'

/** A reference like PYC-4K7M-Q9TX: 8 random characters from a 29-letter alphabet (~39 bits). */
export function generateReference(prefix: string, random: (max: number) => number = randomInt): string {
  const pick = () => REFERENCE_ALPHABET[random(REFERENCE_ALPHABET.length)]
  const block = () => Array.from({ length: 4 }, pick).join('')
  return `${prefix}-${block()}-${block()}`
}

/** Tidies what someone typed (spaces, lower case) and checks its shape. */
export function normaliseReference(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '')
  const match = /^([A-Z]{2,6}?)([2-9A-Z]{8})$/.exec(compact)
  if (!match) return null
  const [, prefix, code] = match as unknown as [string, string, string]
  if ([...code].some((c) => !REFERENCE_ALPHABET.includes(c))) return null
  return `${prefix}-${code.slice(0, 4)}-${code.slice(4)}`
}
