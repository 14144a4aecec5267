/**
 * What the API said when it refused: problem+json (api.md) read defensively, so that whatever
 * came back (a problem, an empty body, a network failure) becomes a sentence a person can act on.
 */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface ProblemView {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly detail: string;
  readonly errors: readonly FieldError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function problemOf(error: unknown): ProblemView {
  if (error instanceof TypeError) {
    return { status: undefined, code: 'NETWORK', detail: 'The ledger could not be reached. Check that it is running, then try again.', errors: [] };
  }
  if (error instanceof Error) return { status: undefined, code: undefined, detail: error.message, errors: [] };
  if (!isRecord(error)) return { status: undefined, code: undefined, detail: 'Something went wrong, and the ledger did not say what.', errors: [] };
  const errors = Array.isArray(error.errors)
    ? error.errors.filter(isRecord).map((entry) => ({ field: String(entry.field ?? ''), message: String(entry.message ?? '') }))
    : [];
  const detail = typeof error.detail === 'string' && error.detail.length > 0 ? sentence(error.detail) : typeof error.title === 'string' ? sentence(error.title) : 'The ledger refused this.';
  return {
    status: typeof error.status === 'number' ? error.status : undefined,
    code: typeof error.code === 'string' ? error.code : undefined,
    detail,
    errors,
  };
}

/** The messages about one field, for the control that holds it. */
export function fieldMessages(problem: ProblemView | undefined, field: string): string[] {
  if (!problem) return [];
  return problem.errors.filter((entry) => entry.field === field).map((entry) => sentence(entry.message));
}

/** Capitalised and ended, as the page's other sentences are. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return trimmed;
  const first = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}
