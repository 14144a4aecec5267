import { formatCalendarDate, formatInstant, formatInstantLong, formatUtc } from '../format/dates';

/** An instant in the viewer's zone; hovering (or a screen reader's description) gives it in UTC. */
export function When({ instant, long = false }: { instant: string; long?: boolean }) {
  const utc = formatUtc(instant);
  return (
    <time dateTime={instant} title={utc}>
      {long ? formatInstantLong(instant) : formatInstant(instant)}
    </time>
  );
}

/** A calendar date (billing periods, report days): the same day in every zone. */
export function CalendarDate({ date }: { date: string }) {
  return <time dateTime={date}>{formatCalendarDate(date)}</time>;
}

/** A billing period [start, end): shown with its last day included, as people read periods. */
export function Period({ start, end }: { start: string; end: string }) {
  return (
    <span className="nowrap">
      <CalendarDate date={start} /> – <CalendarDate date={end} />
    </span>
  );
}
