import { formatExactMinor, formatMoney, type MoneyAmount } from '../format/money';

/** An amount with its currency, always (Stripe's rule): £1.20, €2.88, ¥120. */
export function Amount({ money, sign = 'auto', tone = false }: { money: MoneyAmount; sign?: 'auto' | 'always'; tone?: boolean }) {
  const className = ['amount', tone && money.amount < 0 ? 'amount-negative' : '', tone && money.amount > 0 && sign === 'always' ? 'amount-positive' : ''].filter(Boolean).join(' ');
  return (
    <span className={className} data-amount={money.amount} data-currency={money.currency}>
      {formatMoney(money, { signDisplay: sign === 'always' ? 'exceptZero' : 'auto' })}
    </span>
  );
}

/** An invoice line's exact value (minor units, a decimal string), never shown rounded. */
export function ExactAmount({ exact, currency }: { exact: string; currency: string }) {
  return (
    <span className="exact" data-exact={exact} title={`Exact value: ${exact} minor units of ${currency}`}>
      {formatExactMinor(exact, currency)}
    </span>
  );
}
