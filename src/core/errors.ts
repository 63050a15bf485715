/** A problem with what the user sent: becomes a friendly reply, and nothing is changed. */
export class UserError extends Error {
  constructor(
    message: string,
    /** Show the command's usage after the message. */
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Thrown by an adapter's send: retry later, or give up when `permanent`. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
    this.name = 'SendError';
  }
}
