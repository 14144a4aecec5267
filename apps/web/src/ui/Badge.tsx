const LABELS: Record<string, string> = {
  active: 'Active',
  past_due: 'Past due',
  suspended: 'Suspended',
  hibernating: 'Hibernating',
  cancelled: 'Cancelled',
  not_subscribed: 'Not subscribed',
  open: 'Open',
  paid: 'Paid',
  void: 'Void',
  credit_note: 'Credit note',
  invoice: 'Invoice',
  running: 'Running',
  failed: 'Failed',
  rebuilding: 'Rebuilding',
  pending: 'Pending',
  succeeded: 'Succeeded',
  enabled: 'Enabled',
  disabled: 'Disabled',
};

/** A status in words and colour (never colour alone). */
export function Badge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge badge-${status}`}>{label ?? LABELS[status] ?? status.replace(/_/g, ' ')}</span>;
}

export function statusLabel(status: string): string {
  return LABELS[status] ?? status.replace(/_/g, ' ');
}
