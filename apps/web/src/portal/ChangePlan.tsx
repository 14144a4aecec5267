import { useEffect, useReducer, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { fetchClient, notePosition } from '../api/client';
import { problemOf } from '../api/problem';
import { Notice } from '../ui/states';
import type { Catalog, PortalAccount } from './PortalHome';
import { canConfirm, IDLE, nextFlow, type ChangeAction, type FlowEvent, type FlowState, type Refusal } from './preview-flow';
import { changeSentence, confirmLabel, tierName } from './subscription-words';

type Tier = NonNullable<PortalAccount['tier']>;
type Preview = { readonly sentence: string };
type Result = { readonly position: string };
type State = FlowState<Preview, Result>;

/**
 * Changes a vendor makes to its plan: each is shown first (what it will do and cost), and only a
 * confirmation sends it. A refusal from the API shows beside the control that asked, and nothing
 * changes. The cost is described in words from the catalog; once the API offers a preview of the
 * documents a change would issue, the same dialog shows them.
 */
export function ChangePlan({ account, catalog }: { account: PortalAccount; catalog: Catalog }) {
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer((current: State, event: FlowEvent<Preview, Result>) => nextFlow(current, event), IDLE as State);
  const subscribed = account.status !== 'not_subscribed' && account.status !== 'cancelled';

  const start = (action: ChangeAction) => {
    dispatch({ type: 'start', action });
    dispatch({ type: 'previewLoaded', preview: { sentence: changeSentence(action, account, catalog) } });
  };
  const confirm = async () => {
    if (!canConfirm(state) || state.step !== 'previewed') return;
    dispatch({ type: 'confirm' });
    const { data, error } = await send(account.accountId, state.action);
    if (data) {
      notePosition(data);
      dispatch({ type: 'confirmed', result: { position: data.position } });
      // Read again now, and shortly after: an invoice the change issued is charged by the collector.
      for (const delay of [0, 1_500, 4_000]) setTimeout(() => void queryClient.invalidateQueries(), delay);
    } else {
      dispatch({ type: 'confirmRefused', refusal: refusalOf(error) });
    }
  };
  const refusalFor = (kind: ChangeAction['kind']) => (state.step === 'refused' && state.action.kind === kind ? state.refusal : undefined);

  if (!subscribed) return null;
  return (
    <section className="card" aria-labelledby="change-plan">
      <div className="card-header">
        <h2 id="change-plan">Change your plan</h2>
        <p>Each change is shown before you confirm it</p>
      </div>
      {state.step === 'done' && <Notice tone="success" live><p>Done: {doneSentence(state.action)} Your invoices below are up to date.</p></Notice>}
      <div className="change-grid">
        <TierControl account={account} catalog={catalog} onPreview={(tier) => start({ kind: 'changeTier', tier })} refusal={refusalFor('changeTier')} />
        <BranchesControl onPreview={(delta) => start({ kind: 'changeBranches', delta })} refusal={refusalFor('changeBranches')} />
        <PauseControls account={account} onPreview={start} refusal={refusalFor('hibernate') ?? refusalFor('resume') ?? refusalFor('cancel')} />
      </div>
      <ConfirmDialog state={state} onConfirm={() => void confirm()} onDismiss={() => dispatch({ type: 'dismiss' })} />
    </section>
  );
}

function send(id: string, action: ChangeAction) {
  const path = { params: { path: { id } } };
  switch (action.kind) {
    case 'changeTier':
      return fetchClient.POST('/v1/accounts/{id}/subscription/tier', { ...path, body: { tier: action.tier as Tier } });
    case 'changeBranches':
      return fetchClient.POST('/v1/accounts/{id}/subscription/branches', { ...path, body: { delta: action.delta } });
    case 'hibernate':
      return fetchClient.POST('/v1/accounts/{id}/subscription/hibernate', path);
    case 'resume':
      return fetchClient.POST('/v1/accounts/{id}/subscription/resume', path);
    case 'cancel':
      return fetchClient.POST('/v1/accounts/{id}/subscription/cancel', path);
  }
}

function refusalOf(error: unknown): Refusal {
  const problem = problemOf(error);
  return { detail: problem.detail, code: problem.code, errors: problem.errors };
}

function doneSentence(action: ChangeAction): string {
  switch (action.kind) {
    case 'changeTier':
      return `you are now on ${tierName(action.tier)}.`;
    case 'changeBranches':
      return action.delta > 0 ? `${action.delta} branch${action.delta === 1 ? '' : 'es'} added.` : `${-action.delta} branch${action.delta === -1 ? '' : 'es'} removed.`;
    case 'hibernate':
      return 'hibernation starts at the end of this period.';
    case 'resume':
      return 'your plan is active.';
    case 'cancel':
      return 'your subscription ends at the end of this period.';
  }
}

function RefusalNote({ refusal, id }: { refusal?: Refusal; id: string }) {
  if (!refusal) return null;
  return (
    <p className="field-error" id={id} role="alert">
      Nothing changed. {refusal.detail}
    </p>
  );
}

function TierControl({ account, catalog, onPreview, refusal }: { account: PortalAccount; catalog: Catalog; onPreview: (tier: string) => void; refusal?: Refusal }) {
  const [tier, setTier] = useState(account.tier ?? catalog.tiers[0]?.name ?? 'starter');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onPreview(tier);
  };
  return (
    <form className="change-control" onSubmit={submit}>
      <div className="field">
        <label htmlFor="tier-choice">Tier</label>
        <select id="tier-choice" value={tier} onChange={(event) => setTier(event.target.value)} aria-invalid={refusal ? true : undefined} aria-describedby={refusal ? 'tier-refusal' : undefined}>
          {catalog.tiers.map((option) => (
            <option key={option.name} value={option.name}>
              {tierName(option.name)}{option.name === account.tier ? ' (yours)' : ''}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-quiet">Preview tier change</button>
      <RefusalNote refusal={refusal} id="tier-refusal" />
    </form>
  );
}

function BranchesControl({ onPreview, refusal }: { onPreview: (delta: number) => void; refusal?: Refusal }) {
  const [delta, setDelta] = useState('1');
  const [problem, setProblem] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(delta);
    if (!Number.isInteger(value) || value === 0) {
      setProblem('Enter a whole number of branches to add (such as 2) or remove (such as -1).');
      return;
    }
    setProblem(undefined);
    onPreview(value);
  };
  return (
    <form className="change-control" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="branch-delta">Branches to add (+) or remove (−)</label>
        <input id="branch-delta" type="number" step={1} value={delta} onChange={(event) => setDelta(event.target.value)} aria-invalid={problem || refusal ? true : undefined} aria-describedby={problem ? 'branch-problem' : refusal ? 'branch-refusal' : undefined} />
        {problem && <p className="field-error" id="branch-problem">{problem}</p>}
      </div>
      <button type="submit" className="button button-quiet">Preview branch change</button>
      <RefusalNote refusal={refusal} id="branch-refusal" />
    </form>
  );
}

function PauseControls({ account, onPreview, refusal }: { account: PortalAccount; onPreview: (action: ChangeAction) => void; refusal?: Refusal }) {
  const hibernating = account.status === 'hibernating' || account.scheduled.hibernationAt;
  return (
    <div className="change-control">
      <span className="label">Pause or stop</span>
      <div className="button-row">
        {hibernating ? (
          <button type="button" className="button button-quiet" onClick={() => onPreview({ kind: 'resume' })}>Preview resuming</button>
        ) : (
          <button type="button" className="button button-quiet" onClick={() => onPreview({ kind: 'hibernate' })}>Preview hibernating</button>
        )}
        {!account.scheduled.cancellationAt && <button type="button" className="button button-quiet" onClick={() => onPreview({ kind: 'cancel' })}>Preview cancelling</button>}
      </div>
      <RefusalNote refusal={refusal} id="pause-refusal" />
    </div>
  );
}

/** The consequence, then the choice: a modal dialog (focus held inside, Escape keeps the plan). */
function ConfirmDialog({ state, onConfirm, onDismiss }: { state: State; onConfirm: () => void; onDismiss: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = state.step === 'previewed' || state.step === 'confirming';
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  const action = open ? state.action : undefined;
  return (
    <dialog ref={dialog} aria-labelledby="confirm-title" aria-describedby="confirm-consequence" onCancel={(event) => { event.preventDefault(); if (state.step === 'previewed') onDismiss(); }}>
      {action && (
        <>
          <div className="dialog-body">
            <h2 id="confirm-title">{confirmLabel(action)}?</h2>
            <p id="confirm-consequence" data-testid="preview-sentence">{state.step === 'previewed' || state.step === 'confirming' ? state.preview.sentence : ''}</p>
            <p className="muted small">The exact amounts appear on the invoice the change issues.</p>
          </div>
          <div className="dialog-actions">
            <button type="button" className="button button-quiet" onClick={onDismiss} disabled={state.step === 'confirming'}>Keep my plan</button>
            <button type="button" className={`button${action.kind === 'cancel' ? ' button-danger' : ''}`} onClick={onConfirm} disabled={!canConfirm(state)}>
              {state.step === 'confirming' ? 'Working…' : confirmLabel(action)}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
