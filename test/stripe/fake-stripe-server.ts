/**
 * A small real HTTP server that answers the Stripe API calls the adapter makes, with the JSON
 * shapes of Stripe's API reference, so the real `stripe` client is exercised end to end: form
 * encoding, headers, idempotent replays, 402 card errors, timeouts and retries. It records every
 * request so tests can assert on the Idempotency-Key, the Authorization and the form body.
 *
 * Payment methods behave like Stripe's test ones: `pm_card_visa` succeeds,
 * `pm_card_chargeDeclined` and `pm_card_chargeDeclinedInsufficientFunds` decline.
 */
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { declineOf, paymentIntentObject, paymentMethodObject, refundObject, stripeError } from './stripe-objects.fixtures';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The form body, keys as Stripe encodes them: `metadata[invoiceId]`. */
  readonly form: Readonly<Record<string, string>>;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

interface StoredIdempotentAnswer extends Answer {
  readonly path: string;
  readonly form: Record<string, string>;
}

interface StoredIntent {
  readonly object: Record<string, unknown>;
  amountRefunded: number;
}

export class FakeStripeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly intents = new Map<string, StoredIntent>();
  private readonly idempotent = new Map<string, StoredIdempotentAnswer>();
  private readonly customers = new Map<string, string>();
  private readonly queuedFailures: Answer[] = [];
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private delays: number[] = [];
  private sequence = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeStripeServer> {
    const server = createServer();
    const fake = new FakeStripeServer(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get apiBase(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** PaymentIntents actually created, as opposed to idempotent replays. */
  get paymentIntentCount(): number {
    return this.intents.size;
  }

  /** Holds back the next answers by these delays (one entry per request) to force timeouts. */
  delayNextResponses(...delaysMs: number[]): void {
    this.delays.push(...delaysMs);
  }

  /** The next request is answered with this status and Stripe error instead of being processed. */
  failNextRequest(status: number, type: string, message: string): void {
    this.queuedFailures.push({ status, body: stripeError({ type, message }) });
  }

  attachPaymentMethod(paymentMethodId: string, customerId: string): void {
    this.customers.set(paymentMethodId, customerId);
  }

  async close(): Promise<void> {
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const form = Object.fromEntries(new URLSearchParams(raw));
    this.requests.push({ method: req.method ?? 'GET', path, headers: req.headers, form });
    // The answer is decided (and stored under its idempotency key) before any delay, as at
    // Stripe: a request that timed out on the client may still have been carried out.
    const [answer, replayed] = this.answer(req, path, form);
    const delayMs = this.delays.shift() ?? 0;
    const send = (): void => {
      if (res.destroyed) return;
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'request-id': `req_fake${String(this.requests.length).padStart(6, '0')}`,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
      res.end(JSON.stringify(answer.body));
    };
    if (delayMs === 0) return send();
    const timer = setTimeout(() => {
      this.pendingTimers.delete(timer);
      send();
    }, delayMs);
    this.pendingTimers.add(timer);
  }

  private answer(req: IncomingMessage, path: string, form: Record<string, string>): [Answer, boolean] {
    if (!/^Bearer sk_(test|live)_\w+$/.test(req.headers.authorization ?? '')) {
      return [{ status: 401, body: stripeError({ type: 'invalid_request_error', message: 'Invalid API Key provided' }) }, false];
    }
    const failure = this.queuedFailures.shift();
    if (failure) return [failure, false];
    const key = header(req.headers['idempotency-key']);
    if (req.method === 'POST' && key !== undefined) {
      const stored = this.idempotent.get(key);
      if (stored) return [this.replay(stored, path, form), true];
      const fresh = this.route(req.method, path, form);
      // Stripe keeps the answer to a key only when the request reached its processing
      // (any 2xx or 4xx); a 5xx may be retried with the same key.
      if (fresh.status < 500) this.idempotent.set(key, { ...fresh, path, form });
      return [fresh, false];
    }
    return [this.route(req.method ?? 'GET', path, form), false];
  }

  private replay(stored: StoredIdempotentAnswer, path: string, form: Record<string, string>): Answer {
    if (stored.path !== path || !isDeepStrictEqual(stored.form, form)) {
      const message = 'Keys for idempotent requests can only be used with the same parameters they were first used with.';
      return { status: 400, body: stripeError({ type: 'idempotency_error', message }) };
    }
    return stored;
  }

  private route(method: string, path: string, form: Record<string, string>): Answer {
    if (method === 'POST' && path === '/v1/payment_intents') return this.createPaymentIntent(form);
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(form);
    const methodMatch = /^\/v1\/payment_methods\/([^/]+)$/.exec(path);
    if (method === 'GET' && methodMatch?.[1]) return this.retrievePaymentMethod(decodeURIComponent(methodMatch[1]));
    return { status: 404, body: stripeError({ type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` }) };
  }

  private createPaymentIntent(form: Record<string, string>): Answer {
    const paymentMethod = form.payment_method ?? '';
    const decline = declineOf(paymentMethod);
    if (!paymentMethod.startsWith('pm_card_')) {
      const message = `No such PaymentMethod: '${paymentMethod}'`;
      return { status: 400, body: stripeError({ type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message }) };
    }
    const id = this.nextId('pi');
    const chargeId = this.nextId('ch');
    const intent = paymentIntentObject({ id, chargeId, form, decline });
    this.intents.set(id, { object: intent, amountRefunded: 0 });
    if (decline) {
      return { status: 402, body: stripeError({ type: 'card_error', ...decline, charge: chargeId, payment_intent: intent }) };
    }
    return { status: 200, body: intent };
  }

  private createRefund(form: Record<string, string>): Answer {
    const intentId = form.payment_intent ?? '';
    const stored = this.intents.get(intentId);
    if (!stored || stored.object.status !== 'succeeded') {
      const message = `No such payment_intent: '${intentId}'`;
      return { status: 400, body: stripeError({ type: 'invalid_request_error', code: 'resource_missing', param: 'payment_intent', message }) };
    }
    const received = Number(stored.object.amount_received);
    const amount = form.amount === undefined ? received - stored.amountRefunded : Number(form.amount);
    if (stored.amountRefunded + amount > received) {
      const message = `Refund amount (${amount}) is greater than unrefunded amount on charge (${received - stored.amountRefunded})`;
      return { status: 400, body: stripeError({ type: 'invalid_request_error', param: 'amount', message }) };
    }
    stored.amountRefunded += amount;
    return { status: 200, body: refundObject({ id: this.nextId('re'), intent: stored.object, amount, form }) };
  }

  private retrievePaymentMethod(id: string): Answer {
    if (!id.startsWith('pm_card_')) {
      const message = `No such PaymentMethod: '${id}'`;
      return { status: 404, body: stripeError({ type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message }) };
    }
    return { status: 200, body: paymentMethodObject(id, this.customers.get(id) ?? null) };
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_3FakeStripe${String(this.sequence).padStart(10, '0')}`;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
