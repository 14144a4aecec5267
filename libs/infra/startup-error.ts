/**
 * A start that cannot go on for a reason the person running it can fix (a folder the database
 * server's user cannot enter, a missing compiler). Entry points print its message, one line that
 * says what failed and what to do, instead of a stack.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
