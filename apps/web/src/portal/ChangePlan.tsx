import { useEffect, useReducer, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Notice } from '../ui/states';
import { useChangeCommands } from './change-commands';
import type { Catalog, PortalAccount } from './PortalHome';
import type { PreviewAnswer } from './preview-answer';
import { PreviewDocuments } from './PreviewDocuments';
import { canConfirm, IDLE, nextFlow, type ChangeAction, type FlowEvent, type FlowState, type Refusal } from './preview-flow';
import { changeSentence, confirmLabel, tierName } from './subscription-words';

type Preview = { readonly sentence: string; readonly answer: PreviewAnswer };
type Result = { readonly position: string };
type State = FlowState<Preview, Result>;

/**
 * Changes a vendor makes to its plan: each is previewed first by the API (POST
 * /v1/accounts/{id}/preview: the documents it would issue, to the penny, and the lines it would
 * leave pending), shown with the rule in words, and only a confirmation sends the command. A
 * refusal, of the preview or of the command, shows beside the control that asked; a refused
 * preview writes nothing and opens no dialog.
 */
export function ChangePlan({ account, catalog }: { account: PortalAccount; catalog: Catalog }) {
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer((current: State, event: FlowEvent<Preview, Result>) => nextFlow(current, event), IDLE as State);
  // Read again shortly after a change too: an invoice the change issued is charged by the collector.
  const commands = useChangeCommands(account.accountId, () => {
    for (const delay of [1_500, 4_000]) setTimeout(() => void queryClient.invalidateQueries(), delay);
  });
  const subscribed = account.status !== 'not_subscribed' && account.status !== 'cancelled';

  const start = (action: ChangeAction) => {
    if (state.step === 'previewing' || state.step === 'confirming') return;
    dispatch({ type: 'start', action });
    commands.preview(action, {
      onSuccess: (answer) => dispatch({ type: 'previewLoaded', preview: { sentence: changeSentence(action, account, catalog), answer } }),
      onRefused: (refusal) => dispatch({ type: 'previewRefused', refusal }),
    });
  };
  const confirm = () => {
    if (!canConfirm(state) || state.step !== 'previewed') return;
    dispatch({ type: 'confirm' });
    commands.send(state.action, {
      onSuccess: (answer) => dispatch({ type: 'confirmed', result: { position: answer.position } }),
      onRefused: (refusal) => dispatch({ type: 'confirmRefused', refusal }),
    });
  };
  const refusalFor = (kind: ChangeAction['kind']) => (state.step === 'refused' && state.action.kind === kind ? state.refusal : undefined);
  // The preview buttons stay enabled while a preview is asked (a second press is ignored): disabling
  // the focused one would drop focus to the page, and the dialog would give it back there.
  const busy = state.step === 'previewing';

  if (!subscribed) return null;
  return (
    <section className="card" aria-labelledby="change-plan">
      <div className="card-header">
        <h2 id="change-plan">Change your plan</h2>
        <p>Each change shows what it will cost before you confirm it</p>
      </div>
      {state.step === 'done' && <Notice tone="success" live><p>Done: {doneSentence(state.action)} Your invoices below are up to date.</p></Notice>}
      <div className="change-grid" aria-busy={busy || undefined}>
        <TierControl account={account} catalog={catalog} onPreview={(tier) => start({ kind: 'changeTier', tier })} refusal={refusalFor('changeTier')} />
        <BranchesControl onPreview={(delta) => start({ kind: 'changeBranches', delta })} refusal={refusalFor('changeBranches')} />
        <PauseControls account={account} onPreview={start} refusal={refusalFor('hibernate') ?? refusalFor('resume') ?? refusalFor('cancel')} />
      </div>
      <ConfirmDialog state={state} currency={account.currency} onConfirm={confirm} onDismiss={() => dispatch({ type: 'dismiss' })} />
    </section>
  );
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
function ConfirmDialog({ state, currency, onConfirm, onDismiss }: { state: State; currency: string; onConfirm: () => void; onDismiss: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const shown = state.step === 'previewed' || state.step === 'confirming' ? state : undefined;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (shown && !element.open) element.showModal();
    if (!shown && element.open) element.close();
  }, [shown]);
  return (
    <dialog ref={dialog} aria-labelledby="confirm-title" aria-describedby="confirm-consequence" onCancel={(event) => { event.preventDefault(); if (state.step === 'previewed') onDismiss(); }}>
      {shown && (
        <>
          <div className="dialog-body">
            <h2 id="confirm-title">{confirmLabel(shown.action)}?</h2>
            <p id="confirm-consequence" data-testid="preview-sentence">{shown.preview.sentence}</p>
            <PreviewDocuments answer={shown.preview.answer} currency={currency} />
          </div>
          <div className="dialog-actions">
            <button type="button" className="button button-quiet" onClick={onDismiss} disabled={state.step === 'confirming'}>Keep my plan</button>
            <button type="button" className={`button${shown.action.kind === 'cancel' ? ' button-danger' : ''}`} onClick={onConfirm} disabled={!canConfirm(state)}>
              {state.step === 'confirming' ? 'Working…' : confirmLabel(shown.action)}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
