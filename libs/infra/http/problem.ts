import { isRejectionCode, REJECTIONS } from '../../domain/rejections';

/**
 * Errors as RFC 9457 problem details (`application/problem+json`) with the contract's
 * UPPER_SNAKE `code`. Every error the API answers is one of these. `detail` is a sentence a person
 * can act on (what is wrong, then what to do); each entry of `errors` names the request field at
 * fault and says what it accepts.
 */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly FieldError[];
  readonly correlationId?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors?: readonly FieldError[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(asSentence(detail));
    this.name = 'Problem';
  }

  body(correlationId?: string): ProblemBody {
    return {
      type: `https://billing-ledger.dev/problems/${this.code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(correlationId ? { correlationId } : {}),
    };
  }
}

/**
 * A sentence however the detail was written: a capital first letter and a full stop. Details are
 * written as sentences; this only keeps a stray fragment from reaching a client as one.
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'The request failed.';
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** `404 <WHAT>_NOT_FOUND`, with the remedy rejections.ts gives for that code where there is one. */
export function notFound(what: string, id: string): Problem {
  const code = `${what.toUpperCase()}_NOT_FOUND`;
  const remedy = isRejectionCode(code) ? REJECTIONS[code].remedy : 'Check the id.';
  return new Problem(404, code, `No ${what.toLowerCase()} has the id ${id}. ${remedy}`);
}
