/**
 * What a check of the ledger reports: which check, and what it saw. An empty list is a pass.
 * Verification (libs/application/verify) and the journal's invariants (projections/journal) both
 * produce findings, so the type sits below both of them.
 */
export interface Finding {
  readonly check: string;
  readonly detail: string;
}
