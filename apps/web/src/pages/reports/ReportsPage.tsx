import { PageHeader } from '../../ui/PageHeader';
import { TaxReport } from './TaxReport';
import { TrialBalance } from './TrialBalance';

/** Finance's reports: tax by region and currency for a range, the trial balance at an instant. */
export function ReportsPage() {
  return (
    <>
      <PageHeader title="Reports" subtitle="Tax for a range of dates, the trial balance at any instant; each as CSV" />
      <TaxReport />
      <TrialBalance />
    </>
  );
}
