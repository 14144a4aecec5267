import { useState } from 'react';

/**
 * Cursor pagination as every list answers it (`{ items, nextCursor }`): the page keeps the cursors
 * it came through, so that "Previous" goes back without the API having to know about it.
 */
export function useCursorPages(resetKey: string): { cursor: string | undefined; page: number; next: (cursor: string) => void; previous: () => void } {
  const [state, setState] = useState<{ key: string; trail: Array<string | undefined> }>({ key: resetKey, trail: [undefined] });
  const trail = state.key === resetKey ? state.trail : [undefined];
  return {
    cursor: trail[trail.length - 1],
    page: trail.length,
    next: (cursor) => setState({ key: resetKey, trail: [...trail, cursor] }),
    previous: () => setState({ key: resetKey, trail: trail.length > 1 ? trail.slice(0, -1) : trail }),
  };
}

export function Pager({ page, nextCursor, onNext, onPrevious, label }: { page: number; nextCursor: string | null | undefined; onNext: (cursor: string) => void; onPrevious: () => void; label: string }) {
  if (page === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <span>Page {page}</span>
      <span className="button-row">
        <button type="button" className="button button-quiet button-small" onClick={onPrevious} disabled={page === 1}>
          Previous
        </button>
        <button type="button" className="button button-quiet button-small" onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor}>
          Next
        </button>
      </span>
    </nav>
  );
}
