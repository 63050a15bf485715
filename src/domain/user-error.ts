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
