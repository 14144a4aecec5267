/**
 * The sign-in: a bearer token, kept for this browser tab only (sessionStorage), so that closing
 * the tab signs out and no token outlives the window it was pasted into. A link carries the token
 * in its fragment (`#token=…`), which browsers never send to a server; the page takes it and
 * removes it from the address bar and the history at once.
 *
 * Beside the token: the newest ledger position this tab's own commands produced, which every
 * later read sends as `?after=` so that the page always shows its own writes (api.md), and the
 * sentence that explains the last sign-out (an expired token, say).
 */
export interface SessionState {
  readonly token: string | null;
  readonly notice: string | null;
  readonly lastPosition: string | null;
}

const TOKEN_KEY = 'billing-ledger.token';
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

type Listener = () => void;

function readStored(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeStored(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(TOKEN_KEY);
    else window.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage can be switched off; the session then lasts as long as the page.
  }
}

/** Checks a pasted token's shape; answers the sentence to show, or undefined when it looks right. */
export function tokenProblem(raw: string): string | undefined {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  if (token.length === 0) return 'Paste the token you were given.';
  if (!JWT_SHAPE.test(token)) return 'That is not a token: a token is three parts separated by dots, such as the one npm start prints.';
  return undefined;
}

export function normaliseToken(raw: string): string {
  return raw.trim().replace(/^Bearer\s+/i, '');
}

class SessionStore {
  private state: SessionState = { token: null, notice: null, lastPosition: null };
  private readonly listeners = new Set<Listener>();

  /** Reads the token from the link's fragment, else from this tab's storage. */
  start(): void {
    const fromLink = takeTokenFromFragment();
    const token = fromLink ?? readStored();
    if (fromLink) writeStored(fromLink);
    this.state = { token, notice: null, lastPosition: null };
  }

  snapshot = (): SessionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  signIn(raw: string): void {
    const token = normaliseToken(raw);
    writeStored(token);
    this.set({ token, notice: null, lastPosition: null });
  }

  /** Signs out; `notice` says why when it was not the person's own choice. */
  signOut(notice: string | null = null): void {
    writeStored(null);
    this.set({ token: null, notice, lastPosition: null });
  }

  /** Remembers the newest position a command of this tab answered with (positions sort as strings). */
  notePosition(position: string | null | undefined): void {
    if (!position) return;
    const last = this.state.lastPosition;
    if (last === null || position > last) this.set({ ...this.state, lastPosition: position });
  }

  private set(next: SessionState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

function takeTokenFromFragment(): string | null {
  const hash = window.location.hash;
  if (!hash.startsWith('#')) return null;
  const params = new URLSearchParams(hash.slice(1));
  const token = params.get('token');
  if (token === null) return null;
  // Out of the address bar and the back button's history: the fragment held a credential.
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return normaliseToken(token);
}

export const session = new SessionStore();
