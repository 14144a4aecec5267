/** "InvoiceIssued, PaymentFailed" as the list the API takes; nothing typed means every event (`["*"]`). */
export function eventTypesOf(typed: string): string[] {
  const types = typed.split(/[\s,]+/).filter((type) => type !== '');
  return types.length === 0 ? ['*'] : types;
}
