import assert from 'node:assert/strict'
import { it } from 'node:test'
import { linkParts } from '../../src/domain/links.ts'

it('makes each https address a link, shown as written', () => {
  assert.deepEqual(linkParts('Further develop and update the NHS Python community website: https://nhs-pycom.net/'), [
    { text: 'Further develop and update the NHS Python community website: ' },
    { text: 'https://nhs-pycom.net/', href: 'https://nhs-pycom.net/' },
  ])
  assert.deepEqual(linkParts('See https://a.example.org/x. Then https://b.example.org, or not.'), [
    { text: 'See ' },
    { text: 'https://a.example.org/x', href: 'https://a.example.org/x' },
    { text: '. Then ' },
    { text: 'https://b.example.org', href: 'https://b.example.org' },
    { text: ', or not.' },
  ])
})

it('leaves other text alone: no http, javascript: or bare host is a link', () => {
  for (const text of ['Visit http://insecure.example.org', 'javascript:alert(1)', 'Look after https://localhost', 'Manage the community GitHub site.']) {
    assert.deepEqual(linkParts(text, null), [{ text }])
  }
})

it('links the words "community website" to the website when the text gives no address', () => {
  assert.deepEqual(linkParts('Update the NHS Python community website events page', 'https://nhs-pycom.net/'), [
    { text: 'Update the NHS Python ' },
    { text: 'community website', href: 'https://nhs-pycom.net/' },
    { text: ' events page' },
  ])
  assert.deepEqual(linkParts('Update the community website', null), [{ text: 'Update the community website' }])
  // An address in the text wins: one link, to what the text says.
  assert.deepEqual(linkParts('The community website: https://other.example.org', 'https://nhs-pycom.net/'), [
    { text: 'The community website: ' },
    { text: 'https://other.example.org', href: 'https://other.example.org' },
  ])
})
