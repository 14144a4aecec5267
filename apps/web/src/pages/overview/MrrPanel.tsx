import { Notice } from '../../ui/states';

/**
 * The daily MRR chart with its movements. It reads GET /v1/reports/mrr, whose answer the contract
 * does not describe yet (the contract issue adds response schemas): until then this panel says so
 * rather than read an untyped answer.
 */
export function MrrPanel() {
  return (
    <section className="card" aria-labelledby="mrr-chart">
      <div className="card-header">
        <h2 id="mrr-chart">MRR over time</h2>
      </div>
      <Notice tone="info">
        <p>The MRR chart is not available yet: the API&rsquo;s contract does not describe the MRR report&rsquo;s answer.</p>
      </Notice>
    </section>
  );
}
