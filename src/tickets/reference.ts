// References start at WD-1001 so they look like references, not like small counters, from the first ticket.
const OFFSET = 1000;

export function formatReference(ticketId: number): string {
  return `WD-${ticketId + OFFSET}`;
}

/** The ticket id a subject names with `WD-1234` (the last one, as replies prepend to the subject). */
export function ticketIdFromSubject(subject: string): number | undefined {
  const matches = [...subject.matchAll(/\bWD-(\d{4,12})\b/gi)];
  const last = matches.at(-1);
  if (!last) return undefined;
  const id = Number(last[1]) - OFFSET;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}
