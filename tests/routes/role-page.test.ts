// What a role page tells someone thinking of applying: the term, what happens after they apply,
// who to ask, and links where the role's text names a website. And the accessibility statement's dates.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { roleSeeds } from '../../seeds/roles.ts'
import { useTestApp } from '../helpers/app.ts'

const t = useTestApp()

async function setWebsite(url: string | null) {
  await t.database.dataSource.query(`UPDATE "settings" SET "website_url" = $1`, [url])
  t.services.settings.changed()
}

describe('role pages', () => {
  for (const seed of roleSeeds) {
    it(`/roles/${seed.slug} gives the term, the steps after applying, and whom to ask`, async () => {
      const { text } = await request(t.app).get(`/roles/${seed.slug}`).expect(200)
      assert.match(text, /<dt class="nhsuk-summary-list__key">Term<\/dt>\s*<dd class="nhsuk-summary-list__value">One year, from when you start<\/dd>/)
      assert.match(text, /<h2>What happens after you apply<\/h2>\s*<ol class="nhsuk-list nhsuk-list--number">/)
      assert.match(text, /This usually takes 2 to 3 weeks\./)
      assert.match(text, /short, informal conversation/)
      assert.match(text, /<h2>Questions about the role<\/h2>\s*<p>Email <a href="mailto:hello@nhs-pycom\.net">hello@nhs-pycom\.net<\/a>/)
    })
  }

  it('links the web developer’s responsibility to the community website it names', async () => {
    const { text } = await request(t.app).get('/roles/web-developer').expect(200)
    assert.match(text, /<li>Further develop and update the NHS Python community website: <a href="https:\/\/nhs-pycom\.net\/">https:\/\/nhs-pycom\.net\/<\/a><\/li>/)
  })

  it('links "community website" in other responsibilities only while the website is set', async () => {
    await setWebsite('https://nhs-pycom.net/')
    const linked = await request(t.app).get('/roles/events-manager').expect(200)
    assert.match(linked.text, /<li>Work with our web developer to update the NHS Python <a href="https:\/\/nhs-pycom\.net\/">community website<\/a> events page<\/li>/)
    assert.match(linked.text, /You can find out more about the community on <a href="https:\/\/nhs-pycom\.net\/">its website<\/a>\./)

    await setWebsite(null)
    const plain = await request(t.app).get('/roles/events-manager').expect(200)
    assert.match(plain.text, /<li>Work with our web developer to update the NHS Python community website events page<\/li>/)
    assert.doesNotMatch(plain.text, /its website/)
    await setWebsite('https://nhs-pycom.net/')
  })
})

describe('the accessibility statement', () => {
  it('says when it was prepared and last reviewed', async () => {
    const { text } = await request(t.app).get('/accessibility').expect(200)
    const match = /This statement was prepared on <time datetime="(\d{4}-\d{2}-\d{2})">(\d{1,2} \w+ \d{4})<\/time>\. It was last reviewed on <time datetime="(\d{4}-\d{2}-\d{2})">(\d{1,2} \w+ \d{4})<\/time>\./.exec(text)
    assert.ok(match, 'the preparation and review dates')
    assert.ok(match[3]! >= match[1]!, 'reviewed on or after it was prepared')
    assert.equal(new Date(`${match[1]}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }), match[2])
  })
})
