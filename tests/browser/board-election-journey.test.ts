// A board election from setting up the round to published results, in Chromium, with axe (WCAG
// 2.2 A and AA) on every page visited, error states included. Forms are sent from the keyboard
// (Enter on a field or a button); the CSV of electors is chosen with the file input's own API,
// as a file dialog is not part of the page.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { financialYearEnd } from '../../src/domain/board-election.ts'
import { addDays } from '../../src/domain/onboarding.ts'
import { todayInLondon } from '../../src/services/role.service.ts'
import { useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, continueOn, expectErrorState, open, pathOf, pressButton } from '../helpers/browser-forms.ts'
import { tokenFromEmail } from '../helpers/review.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp()

/** Follows a link by its text from the keyboard: focus, then Enter. */
async function follow(page: Page, name: string): Promise<void> {
  await arriveAfter(page, () => page.getByRole('link', { name, exact: true }).first().press('Enter'))
}

describe('a board election', () => {
  it('is set up, takes a nomination, is voted in and its results are published', async () => {
    const base = t.server.baseUrl
    const admin = await createStaff(t, ['admin'], 'Ada Admin')
    const adminPage = await t.newPage()
    await open(adminPage, `${base}/sign-in`)
    await answer(adminPage, { fill: { email: admin.email, password: STAFF_PASSWORD } })
    await arriveAfter(adminPage, () => adminPage.locator('#password').press('Enter'))

    // Set up the round: first with nothing filled in.
    await open(adminPage, `${base}/board/elections`)
    await pressButton(adminPage, 'Set up a board election')
    await pressButton(adminPage, 'Set up the election')
    await expectErrorState(adminPage, { field: 'name', message: 'Enter a name for the election' })
    const today = todayInLondon()
    const start = addDays(today, 15) > financialYearEnd(today) ? addDays(financialYearEnd(today), 1) : today
    await answer(adminPage, {
      fill: {
        name: 'Board election 2027',
        seats: '1',
        nominationsOpenOn: start,
        nominationsCloseOn: addDays(start, 7),
        votingOpensOn: addDays(start, 8),
        votingClosesOn: addDays(start, 15),
        procedure: 'Any community member may stand. The members on the electors list vote.',
      },
      check: ['Approval voting', 'The candidate nominated first'],
    })
    await pressButton(adminPage, 'Set up the election')
    assert.equal(pathOf(adminPage), '/board/elections/board-election-2027/manage')
    // The details can still change: a mistake first, then the change.
    await follow(adminPage, 'Change the election’s name, seats, dates or procedure')
    await answer(adminPage, { fill: { procedure: '' } })
    await pressButton(adminPage, 'Save the changes')
    await expectErrorState(adminPage, { field: 'procedure', message: 'Enter the procedure the board agreed' })
    await answer(adminPage, { fill: { procedure: 'Any community member may stand. The members on the electors list vote, by approval.' } })
    await pressButton(adminPage, 'Save the changes')
    assert.match(await adminPage.locator('main').textContent() ?? '', /The changes to Board election 2027 have been saved/)
    await pressButton(adminPage, 'Open for nominations')
    // In the last fortnight of a financial year the round opens on 1 April: bring it forward to today.
    if (start !== today) await t.database.dataSource.query(`UPDATE board_election_rounds SET nominations_open_on = $1 WHERE slug = 'board-election-2027'`, [today])

    // Someone stands, through the public form.
    const visitor = await t.newPage()
    await open(visitor, `${base}/board/elections/board-election-2027`)
    await pressButton(visitor, 'Stand for the board')
    await pressButton(visitor, 'Start now')
    await continueOn(visitor)
    await expectErrorState(visitor, { field: 'fullName', message: 'Enter your full name' })
    await answer(visitor, { fill: { fullName: 'Grace Hopper' } })
    await continueOn(visitor)
    await answer(visitor, { fill: { email: 'grace@example.org' } })
    await continueOn(visitor)
    await answer(visitor, { fill: { statement: 'I would bring years of teaching programming to the board.' } })
    await continueOn(visitor)
    await continueOn(visitor)
    await expectErrorState(visitor, { field: 'consent', message: 'Select that you agree to your name and statement being published' })
    await answer(visitor, { check: ['I agree that my name and statement are published'] })
    await continueOn(visitor)
    assert.match(await visitor.locator('h1').textContent() ?? '', /Check your nomination/)
    await pressButton(visitor, 'Send nomination')
    assert.match(await visitor.locator('.nhsuk-panel').textContent() ?? '', /Nomination sent/)

    // The admin finds it eligible and publishes it.
    await open(adminPage, `${base}/board/elections/board-election-2027/manage`)
    await follow(adminPage, 'Grace Hopper')
    await pressButton(adminPage, 'Save')
    await expectErrorState(adminPage, { field: 'eligible', message: 'Select whether the nominee is eligible to stand' })
    await answer(adminPage, { check: ['Yes'] })
    await pressButton(adminPage, 'Save')
    await pressButton(adminPage, 'Publish the nomination')
    await open(visitor, `${base}/board/elections/board-election-2027/candidates`)
    assert.match(await visitor.locator('main').textContent() ?? '', /Grace Hopper[\s\S]*years of teaching programming/)

    // Electors from a CSV: a file with a bad row first.
    await open(adminPage, `${base}/board/elections/board-election-2027/electors`)
    await adminPage.locator('#electors').setInputFiles({ name: 'electors.csv', mimeType: 'text/csv', buffer: Buffer.from('email\nvoter@example.org\nnot an address\n') })
    await pressButton(adminPage, 'Upload and check')
    await expectErrorState(adminPage, { field: 'electors', message: 'The file has 1 row with a problem' })
    assert.match(await adminPage.locator('#electors-rows').textContent() ?? '', /Line 3: “not an address” is not an email address/)
    await adminPage.locator('#electors').setInputFiles({ name: 'electors.csv', mimeType: 'text/csv', buffer: Buffer.from('email\nvoter@example.org\nnot.a.member@example.org\n') })
    await pressButton(adminPage, 'Upload and check')
    assert.match(await adminPage.locator('h1').textContent() ?? '', /Check the electors before adding them/)
    await pressButton(adminPage, 'Add these electors')
    assert.match(await adminPage.locator('main').textContent() ?? '', /2 electors have been added/)
    // One was a mistake: taken off after a page that asks.
    await follow(adminPage, 'Remove not.a.member@example.org')
    assert.match(await adminPage.locator('h1').textContent() ?? '', /Remove this elector\?/)
    await pressButton(adminPage, 'Remove this elector')
    assert.match(await adminPage.locator('main').textContent() ?? '', /The elector has been removed[\s\S]*1 elector\./)
    await follow(adminPage, 'Back to Board election 2027')
    await pressButton(adminPage, 'Open voting and email the electors')

    // The elector votes with the link in their email.
    const [round]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM board_election_rounds WHERE slug = 'board-election-2027'`)
    const [elector]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM board_electors WHERE round_id = $1`, [round!.id])
    const token = await tokenFromEmail(t.database.dataSource, { key: `board-ballot:${round!.id}:${elector!.id}` }, '/board/elections/board-election-2027/ballot')
    const voter = await t.newPage()
    await open(voter, `${base}/board/elections/board-election-2027/ballot/${token}`)
    await continueOn(voter)
    await expectErrorState(voter, { field: 'approved', message: 'Select at least one candidate you approve of' })
    await answer(voter, { check: ['Grace Hopper'] })
    await continueOn(voter)
    await pressButton(voter, 'Cast your vote')
    assert.match(await voter.locator('.nhsuk-panel').textContent() ?? '', /Your vote has been recorded/)
    await open(voter, `${base}/board/elections/board-election-2027/ballot/${token}`, 409)

    // The admin counts, checks the count on the round's page and publishes it there; then anyone
    // reads the results on that page, and the address they had before leads to them.
    await open(adminPage, `${base}/board/elections/board-election-2027/manage`)
    await pressButton(adminPage, 'Close voting and count the votes')
    await follow(adminPage, 'See the count')
    assert.equal(pathOf(adminPage), '/board/elections/board-election-2027')
    assert.match(await adminPage.locator('#results').textContent() ?? '', /Results/)
    await pressButton(adminPage, 'Publish the results and invite the elected')
    assert.equal(pathOf(adminPage), '/board/elections/board-election-2027')
    assert.match(await adminPage.locator('main').textContent() ?? '', /The results are published\. 1 new board member has been invited/)
    await open(visitor, `${base}/board/elections/board-election-2027`)
    assert.match(await visitor.locator('main').textContent() ?? '', /Results\s*Elected\s*Grace Hopper[\s\S]*Approvals for each candidate[\s\S]*Grace Hopper \(elected\)/)
    await open(visitor, `${base}/board/elections/board-election-2027/results`)
    assert.equal(pathOf(visitor), '/board/elections/board-election-2027')

    // And at the narrowest screen the results do not scroll sideways.
    await visitor.setViewportSize({ width: 320, height: 640 })
    await open(visitor, `${base}/board/elections/board-election-2027`)
    assert.ok(await visitor.evaluate(() => document.documentElement.scrollWidth <= 320), 'no horizontal scroll at 320 px')
  })
})
