import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line and every event written during one request (or one worker job) should
 * know about it. Carried implicitly so that deep code need not pass it along.
 */
export interface RequestContext {
  readonly correlationId: string;
  readonly requestId: string;
  actor?: string;
  role?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** For framework hooks that cannot wrap the rest of the request in a callback. */
export function enterContext(context: RequestContext): void {
  storage.enterWith(context);
}
