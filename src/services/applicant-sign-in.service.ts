// The sign-in length is shared by every emailed sign-in; /my-onboarding still reads it from here.
export { SIGN_IN_MAX_AGE_MS } from './email-sign-in.ts'
