// One further reading link shown on the role's page.
import type { ReadingLink } from '../../domain/role-definition.ts'
import { tidyLine } from '../../domain/text.ts'
import type { Errors } from '../validation.ts'
import { ROLE_LIMITS, type ParsedForm } from './fields.ts'

export interface LinkValues {
  title: string
  url: string
  description: string
}

export const NEW_LINK_VALUES: LinkValues = { title: '', url: '', description: '' }

export function linkValues(link: ReadingLink): LinkValues {
  return { title: link.title, url: link.url, description: link.description ?? '' }
}

/** An https web address with a host and no user name or password in it; null otherwise. */
export function httpsUrl(value: string): URL | null {
  try {
    const url = new URL(value)
    if (url.protocol !== 'https:' || !url.hostname.includes('.') || url.username || url.password) return null
    return url
  } catch {
    return null
  }
}

export function parseLink(body: Record<string, unknown>): ParsedForm<LinkValues, ReadingLink> {
  const values: LinkValues = { title: tidyLine(body.title), url: tidyLine(body.url), description: tidyLine(body.description) }
  const errors: Errors = {}
  if (!values.title) errors.title = 'Enter the link’s title'
  else if (values.title.length > ROLE_LIMITS.linkTitle) errors.title = `Title must be ${ROLE_LIMITS.linkTitle} characters or fewer`
  let url: URL | null = null
  if (!values.url) errors.url = 'Enter the web address'
  else if (values.url.length > ROLE_LIMITS.linkUrl) errors.url = `Web address must be ${ROLE_LIMITS.linkUrl} characters or fewer`
  else if (!/^https:\/\//i.test(values.url)) errors.url = 'Enter a web address that starts with https://'
  else if (!(url = httpsUrl(values.url))) errors.url = 'Enter a web address in the correct format, like https://www.england.nhs.uk'
  if (values.description.length > ROLE_LIMITS.linkDescription) {
    errors.description = `Description must be ${ROLE_LIMITS.linkDescription} characters or fewer`
  }
  return {
    values,
    errors,
    data: Object.keys(errors).length === 0 ? { title: values.title, url: url!.href, description: values.description || null } : null,
  }
}
