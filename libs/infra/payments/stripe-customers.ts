import type { Pool } from 'pg';

/**
 * The Stripe Customer of each recorded PaymentMethod. The account's events keep the method's id
 * only (the domain names no customer), so the customer found when the method was checked is kept
 * here for the collector's off-session charges.
 */
export async function rememberStripeCustomer(pool: Pool, accountId: string, paymentMethodId: string, customerId: string): Promise<void> {
  await pool.query(
    `INSERT INTO stripe_customers (account_id, payment_method_id, customer_id) VALUES ($1, $2, $3)
     ON CONFLICT (account_id, payment_method_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, recorded_at = now()`,
    [accountId, paymentMethodId, customerId],
  );
}

export async function stripeCustomerOf(pool: Pool, accountId: string, paymentMethodId: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ customer_id: string }>(
    'SELECT customer_id FROM stripe_customers WHERE account_id = $1 AND payment_method_id = $2',
    [accountId, paymentMethodId],
  );
  return rows[0]?.customer_id;
}
