/**
 * The confirmation flow of every change a vendor makes to its subscription (Stripe's rule: a
 * destructive action shows its consequence first). A change is previewed, the preview shown, and
 * only then can it be confirmed; a refusal (of the preview or of the change) is shown beside the
 * control that asked, and changes nothing. The machine is pure so that its rules are tested
 * without a browser; the page drives it with the API's answers.
 */
export type ChangeAction =
  | { readonly kind: 'changeTier'; readonly tier: string }
  | { readonly kind: 'changeBranches'; readonly delta: number }
  | { readonly kind: 'hibernate' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'cancel' };

export interface Refusal {
  readonly detail: string;
  readonly code: string | undefined;
  readonly errors: ReadonlyArray<{ readonly field: string; readonly message: string }>;
}

export type FlowState<P, R> =
  | { readonly step: 'idle' }
  | { readonly step: 'previewing'; readonly action: ChangeAction }
  | { readonly step: 'previewed'; readonly action: ChangeAction; readonly preview: P }
  | { readonly step: 'confirming'; readonly action: ChangeAction; readonly preview: P }
  | { readonly step: 'done'; readonly action: ChangeAction; readonly result: R }
  | { readonly step: 'refused'; readonly action: ChangeAction; readonly refusal: Refusal; readonly stage: 'preview' | 'confirm' };

export type FlowEvent<P, R> =
  | { readonly type: 'start'; readonly action: ChangeAction }
  | { readonly type: 'previewLoaded'; readonly preview: P }
  | { readonly type: 'previewRefused'; readonly refusal: Refusal }
  | { readonly type: 'confirm' }
  | { readonly type: 'confirmed'; readonly result: R }
  | { readonly type: 'confirmRefused'; readonly refusal: Refusal }
  | { readonly type: 'dismiss' };

export const IDLE = { step: 'idle' } as const;

/** The next state; an event that does not fit the state (a confirm with no preview shown) changes nothing. */
export function nextFlow<P, R>(state: FlowState<P, R>, event: FlowEvent<P, R>): FlowState<P, R> {
  switch (event.type) {
    case 'start':
      return state.step === 'previewing' || state.step === 'confirming' ? state : { step: 'previewing', action: event.action };
    case 'previewLoaded':
      return state.step === 'previewing' ? { step: 'previewed', action: state.action, preview: event.preview } : state;
    case 'previewRefused':
      return state.step === 'previewing' ? { step: 'refused', action: state.action, refusal: event.refusal, stage: 'preview' } : state;
    case 'confirm':
      return state.step === 'previewed' ? { step: 'confirming', action: state.action, preview: state.preview } : state;
    case 'confirmed':
      return state.step === 'confirming' ? { step: 'done', action: state.action, result: event.result } : state;
    case 'confirmRefused':
      return state.step === 'confirming' ? { step: 'refused', action: state.action, refusal: event.refusal, stage: 'confirm' } : state;
    case 'dismiss':
      return state.step === 'confirming' || state.step === 'previewing' ? state : IDLE;
  }
}

/** Whether the confirm button may be pressed: only with the consequence on screen. */
export function canConfirm<P, R>(state: FlowState<P, R>): boolean {
  return state.step === 'previewed';
}

/** The same action as another (so the page knows which control a refusal belongs beside). */
export function sameAction(a: ChangeAction, b: ChangeAction): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
