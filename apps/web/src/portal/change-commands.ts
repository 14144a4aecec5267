import { $api } from '../rest-client/client';
import { problemOf } from '../rest-client/problem';
import { useCommandAnswer } from '../rest-client/use-command';
import { previewBodyOf, type PreviewAnswer, type Tier } from './preview-answer';
import type { ChangeAction, Refusal } from './preview-flow';

interface Outcome<T> {
  readonly onSuccess: (answer: T) => void;
  readonly onRefused: (refusal: Refusal) => void;
}

/**
 * The requests behind the change dialog, all through the typed client: the preview (writes
 * nothing, so its answer is not a command answer) and the five commands, whose answers go through
 * the one hook every command form shares (useCommandAnswer: the position noted, everything read
 * again). `afterCommand` runs once a command was accepted.
 */
export function useChangeCommands(accountId: string, afterCommand: () => void) {
  const { callbacks } = useCommandAnswer({ onDone: afterCommand });
  const previewMutation = $api.useMutation('post', '/v1/accounts/{id}/preview');
  const tier = $api.useMutation('post', '/v1/accounts/{id}/subscription/tier', callbacks);
  const branches = $api.useMutation('post', '/v1/accounts/{id}/subscription/branches', callbacks);
  const hibernate = $api.useMutation('post', '/v1/accounts/{id}/subscription/hibernate', callbacks);
  const resume = $api.useMutation('post', '/v1/accounts/{id}/subscription/resume', callbacks);
  const cancel = $api.useMutation('post', '/v1/accounts/{id}/subscription/cancel', callbacks);
  const params = { path: { id: accountId } };

  const preview = (action: ChangeAction, outcome: Outcome<PreviewAnswer>) => {
    previewMutation.mutate({ params, body: previewBodyOf(action) }, { onSuccess: outcome.onSuccess, onError: (error) => outcome.onRefused(refusalOf(error)) });
  };

  const send = (action: ChangeAction, outcome: Outcome<{ position: string }>) => {
    const then = { onSuccess: outcome.onSuccess, onError: (error: unknown) => outcome.onRefused(refusalOf(error)) };
    switch (action.kind) {
      case 'changeTier':
        return tier.mutate({ params, body: { tier: action.tier as Tier } }, then);
      case 'changeBranches':
        return branches.mutate({ params, body: { delta: action.delta } }, then);
      case 'hibernate':
        return hibernate.mutate({ params }, then);
      case 'resume':
        return resume.mutate({ params }, then);
      case 'cancel':
        return cancel.mutate({ params }, then);
    }
  };

  return { preview, send };
}

function refusalOf(error: unknown): Refusal {
  const problem = problemOf(error);
  return { detail: problem.detail, code: problem.code, errors: problem.errors };
}
