// npm run user:create -- --email E --name N --role board-member [--role admin] [--password P]
// Without --password the person is emailed an invitation (sent by the worker of a running app).
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { migrateAndSeed } from '../db/migrate.ts'
import { passwordProblem } from '../domain/passwords.ts'
import { isStaffRole, STAFF_ROLES } from '../domain/staff-roles.ts'
import { isEmail, tidyLine } from '../domain/text.ts'
import { inviteStaffUser } from '../actions/admin/users/invite-staff-user.ts'
import { createLogger } from '../logger.ts'
import { SYSTEM } from '../services/audit.ts'
import { createServices } from '../services/index.ts'
import { EmailTakenError } from '../services/staff.service.ts'

function fail(message: string): never {
  console.error(`${message}\n\nUsage: npm run user:create -- --email E --name N --role ${STAFF_ROLES.join('|')} [--role ...] [--password P]`)
  process.exit(2)
}

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', multiple: true },
    password: { type: 'string' },
  },
  strict: true,
})

const email = tidyLine(values.email)
const name = tidyLine(values.name)
const roles = values.role ?? []
if (!isEmail(email)) fail('Give a valid --email')
if (!name) fail('Give a --name')
if (roles.length === 0) fail('Give at least one --role')
const unknown = roles.filter((role) => !isStaffRole(role))
if (unknown.length > 0) fail(`Unknown role: ${unknown.join(', ')}`)
if (values.password !== undefined) {
  const problem = passwordProblem(values.password, { email, name })
  if (problem) fail(problem)
}

const config = loadConfig()
const database = await openDatabase(config, console.log)
try {
  await migrateAndSeed(database.dataSource, () => {}, { production: config.isProduction })
  const services = createServices(database.dataSource, config, createLogger('warn'))
  const details = { email, name, roles: roles.filter(isStaffRole) }
  // Without a password the person is invited by email to choose their own.
  const user = values.password ? await services.staff.create({ ...details, password: values.password }, null) : await services.act(inviteStaffUser, details, SYSTEM)
  console.log(
    values.password
      ? `Created ${user.roles.join(', ')} account for ${user.email}. They can sign in now.`
      : `Created ${user.roles.join(', ')} account for ${user.email} and queued an invitation email.`,
  )
} catch (error) {
  if (error instanceof EmailTakenError) fail(error.message)
  throw error
} finally {
  await database.close()
}
