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
