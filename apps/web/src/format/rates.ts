/**
 * Rates as decimal strings ("0.20", "1.17"), shown without ever becoming a float: a tax rate as a
 * percentage is the same digits with the point moved two places.
 */
export function formatPercent(rate: string): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!match) throw new RangeError(`not a rate: ${rate}`);
  const [, whole, fraction = ''] = match;
  const digits = (whole + fraction.padEnd(2, '0').slice(0, 2)).replace(/^0+(?=\d)/, '');
  const rest = fraction.slice(2).replace(/0+$/, '');
  return `${digits}${rest ? `.${rest}` : ''}%`;
}
