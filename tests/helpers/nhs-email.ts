import assert from 'node:assert/strict'
import type { DataSource } from 'typeorm'

/** The 6-digit code in the newest NHS email code queued for `recipient`. */
export async function nhsEmailCodeSentTo(dataSource: DataSource, recipient: string): Promise<string> {
  const rows: { text_body: string }[] = await dataSource.query(
    `SELECT "text_body" FROM "email_messages" WHERE "recipient" = $1 AND "template" = 'nhs-email-code' ORDER BY "created_at" DESC LIMIT 1`,
    [recipient],
  )
  const code = /^(\d{6})$/m.exec(rows[0]?.text_body ?? '')?.[1]
  assert.ok(code, `a code was emailed to ${recipient}`)
  return code
}

/** A code that is not `code`: the next number, in 6 digits. */
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')
