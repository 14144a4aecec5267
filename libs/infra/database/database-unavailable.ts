/**
 * Errors that mean "PostgreSQL is not there right now" (refused, cut, shutting down, connect
 * timeout) rather than "this query is wrong". Callers answer 503 or wait and retry on these; any
 * other error is a real failure.
 */
const DATABASE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && DATABASE_UNAVAILABLE.has(code)) return true;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i.test(message);
}
