// Plain text with its web addresses made into links, for text people write (a role's
// responsibilities) that names a website.

/** A run of text, or a link with the text to show for it. */
export type TextPart = { text: string; href?: undefined } | { text: string; href: string }

// https only; punctuation that ends a sentence after an address is not part of it.
const HTTPS_ADDRESS = /https:\/\/[^\s<>"]+?(?=[.,;:!?)]*(?:\s|$))/gi

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' && url.hostname.includes('.')
  } catch {
    return false
  }
}

/**
 * Splits `text` into runs and links: every https address in it becomes a link. Text that names
 * the community website without giving an address ("update the community website events page")
 * links those words to `websiteUrl`, when there is one.
 */
export function linkParts(text: string, websiteUrl: string | null = null): TextPart[] {
  const parts: TextPart[] = []
  let at = 0
  for (const match of text.matchAll(HTTPS_ADDRESS)) {
    if (!isWebAddress(match[0])) continue
    if (match.index > at) parts.push({ text: text.slice(at, match.index) })
    // Shown as written: the text keeps its own words.
    parts.push({ text: match[0], href: match[0] })
    at = match.index + match[0].length
  }
  if (parts.length > 0) {
    if (at < text.length) parts.push({ text: text.slice(at) })
    return parts
  }
  const named = websiteUrl ? /\bcommunity website\b/i.exec(text) : null
  if (!named || !websiteUrl) return [{ text }]
  return [
    ...(named.index > 0 ? [{ text: text.slice(0, named.index) }] : []),
    { text: named[0], href: websiteUrl },
    ...(named.index + named[0].length < text.length ? [{ text: text.slice(named.index + named[0].length) }] : []),
  ]
}
