// Every migration, in order. Listed by hand so that the compiled app and tsx load the same set
// without globbing the file system.
import { InitialSchema1764172800000 } from './1764172800000-initial-schema.ts'
import { Applications1764259200000 } from './1764259200000-applications.ts'
import { EmailOutbox1764302400000 } from './1764302400000-email-outbox.ts'

export const migrations = [InitialSchema1764172800000, Applications1764259200000, EmailOutbox1764302400000]
