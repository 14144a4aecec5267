import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { notePosition } from './client';
import { problemOf, type ProblemView } from './problem';

/**
 * What every form that sends a command does with the answer: on success the tab remembers the
 * position (later reads wait for it), forgets the last refusal and reads everything again; on a
 * refusal it keeps the API's problem for the fields and sentences under the form. Pass the
 * callbacks to `$api.useMutation`.
 */
export function useCommandAnswer(handlers: { onDone?: () => void; onRefused?: () => void } = {}) {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<ProblemView | undefined>();
  return {
    problem,
    callbacks: {
      onSuccess: (answer: unknown) => {
        notePosition(answer);
        setProblem(undefined);
        handlers.onDone?.();
        void queryClient.invalidateQueries();
      },
      onError: (error: unknown) => {
        handlers.onRefused?.();
        setProblem(problemOf(error));
      },
    },
  };
}
