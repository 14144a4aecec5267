/**
 * The command script of the HTTP benchmarks: one vendor's life, step by step, as the load
 * generator's process (load-generator.child.ts) sends it. Every step is valid for the account the
 * connection is walking, so any answer but 2xx is a failure.
 */
export interface ScriptContext {
  accountId?: string;
  /** The first invoice, taken from the answer to Subscribe, for the payment step. */
  invoice?: { invoiceId: string; amount: number };
}

export type Step = {
  method: 'POST' | 'PUT';
  path: (id: string) => string;
  body: (id: string, context: ScriptContext) => unknown;
  label: string;
  onResponse?: (body: string, context: ScriptContext) => void;
};

/** One account's life, in the order a vendor (and finance, for the payment) would go through it. */
export const COMMAND_SCRIPT: readonly Step[] = [
  { label: 'open account', method: 'POST', path: () => '/v1/accounts', body: (id) => ({ accountId: id, businessName: `Bench ${id}`, email: `${id}@bench.example`, currency: 'GBP', taxRegion: 'GB' }) },
  { label: 'subscribe', method: 'POST', path: (id) => `/v1/accounts/${id}/subscription`, body: () => ({ tier: 'starter', branches: 1 }), onResponse: rememberInvoice },
  {
    label: 'record payment',
    method: 'POST',
    path: (id) => `/v1/accounts/${id}/payments`,
    body: (id, context) => ({ invoiceId: context.invoice?.invoiceId ?? 'none', amount: { amount: context.invoice?.amount ?? 1, currency: 'GBP' }, reference: `bank-${id}` }),
  },
  { label: 'product count', method: 'PUT', path: (id) => `/v1/accounts/${id}/product-count`, body: () => ({ count: 5 }) },
  { label: 'change tier (up)', method: 'POST', path: (id) => `/v1/accounts/${id}/subscription/tier`, body: () => ({ tier: 'pro' }) },
  { label: 'branches +1', method: 'POST', path: (id) => `/v1/accounts/${id}/subscription/branches`, body: () => ({ delta: 1 }) },
  { label: 'product count', method: 'PUT', path: (id) => `/v1/accounts/${id}/product-count`, body: () => ({ count: 40 }) },
  { label: 'branches −1', method: 'POST', path: (id) => `/v1/accounts/${id}/subscription/branches`, body: () => ({ delta: -1 }) },
  { label: 'product count', method: 'PUT', path: (id) => `/v1/accounts/${id}/product-count`, body: () => ({ count: 8 }) },
  { label: 'change tier (down)', method: 'POST', path: (id) => `/v1/accounts/${id}/subscription/tier`, body: () => ({ tier: 'starter' }) },
  { label: 'product count', method: 'PUT', path: (id) => `/v1/accounts/${id}/product-count`, body: () => ({ count: 9 }) },
];

function rememberInvoice(body: string, context: ScriptContext): void {
  try {
    const invoice = (JSON.parse(body) as { account?: { openInvoices?: Array<{ invoiceId: string; amountRemaining: { amount: number } }> } }).account?.openInvoices?.[0];
    if (invoice) context.invoice = { invoiceId: invoice.invoiceId, amount: invoice.amountRemaining.amount };
  } catch {
    // The bare route answers with a position only; its payment step then carries a placeholder.
  }
}

