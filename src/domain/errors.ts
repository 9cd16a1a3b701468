/**
 * The base of every error this service throws on purpose. Its name is the class's own, so logs and
 * stack traces say `StaleRoleError` rather than `Error`; subclasses only set their message.
 * (An HTTP status, where one applies, is carried by `HttpError`, which the error handler reads.)
 */
export class AppError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
  }
}

/** No such application, or not one this person may act on (an applicant's own, or not erased). */
export class ApplicationNotFoundError extends AppError {
  constructor(message = 'No such application for this applicant') {
    super(message)
  }
}
