import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { Link } from '../shared/router.ts';
import type { TicketPage, TicketSummary } from './types.ts';
import { useShortcuts } from './use-shortcuts.ts';
import { aside } from '../shared/punctuation.ts';

export type ListQuery = { view: string; category: string; sort: string; q: string };

const categories = ['account', 'security', 'transaction', 'fees', 'personal_info', 'restriction', 'other'];
const sorts = [
  ['', 'list.newest'],
  ['oldest', 'list.oldest'],
  ['priority', 'list.priority'],
  ['updated', 'list.updated'],
] as const;
const pageSize = 25;
/** The API's largest page: a refresh fetches at most this many of the rows the agent had loaded. */
const maxLimit = 200;

function listPath(query: ListQuery, cursor?: string, limit = pageSize): string {
  const params = new URLSearchParams({ limit: String(limit) });
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  if (cursor) params.set('cursor', cursor);
  return `/api/v1/tickets?${params}`;
}

export function TicketList(props: {
  query: ListQuery;
  /** Bumped when a ticket changed (status, assignee, reply…), so the list shows where it belongs now. */
  version: number;
  selectedId: number | undefined;
  searchInput: RefObject<HTMLInputElement>;
  onQuery: (changes: Partial<ListQuery>) => void;
  onOpen: (id: number) => void;
}) {
  const { t } = useTranslation();
  const { query } = props;
  const [items, setItems] = useState<TicketSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [draft, setDraft] = useState(query.q);
  const key = listPath(query);
  const shown = useRef({ key, count: 0 });

  useEffect(() => {
    let live = true;
    setError(undefined);
    // A new query starts at page one; a refresh of the same query fetches as far as the agent had paged.
    const refresh = shown.current.key === key;
    const path = refresh ? listPath(query, undefined, Math.min(maxLimit, Math.max(pageSize, shown.current.count))) : key;
    api<TicketPage>(path).then(
      (page) => {
        if (!live) return;
        shown.current = { key, count: page.items.length };
        setItems(page.items);
        setTotal(page.total);
        setNext(page.next_cursor);
      },
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [key, props.version]);

  const loadMore = async () => {
    if (!next) return;
    try {
      const page = await api<TicketPage>(listPath(query, next));
      shown.current = { key, count: shown.current.count + page.items.length };
      setItems((prev) => [...prev, ...page.items]);
      setNext(page.next_cursor);
    } catch (err) {
      setError(err);
    }
  };

  const move = (delta: number) => {
    if (items.length === 0) return;
    const at = items.findIndex((i) => i.id === props.selectedId);
    const target = items[at === -1 ? 0 : Math.min(items.length - 1, Math.max(0, at + delta))];
    if (target) props.onOpen(target.id);
  };
  useShortcuts({ j: () => move(1), k: () => move(-1), '/': () => props.searchInput.current?.focus() });

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    props.onQuery({ q: draft.trim() });
  };

  return (
    <section className="ticket-list" aria-labelledby="list-heading">
      <h2 id="list-heading" className="visually-hidden">{t(`views.${query.view}`, { defaultValue: query.view })}</h2>
      <form role="search" onSubmit={onSearch} className="list-search">
        <label htmlFor="ticket-search" className="visually-hidden">{t('list.search')}</label>
        <input id="ticket-search" ref={props.searchInput} type="search" placeholder={t('list.search') + aside('/')} value={draft} onChange={(e) => setDraft(e.target.value)} />
      </form>
      <div className="list-filters">
        <label htmlFor="filter-category" className="visually-hidden">{t('list.category')}</label>
        <select id="filter-category" value={query.category} onChange={(e) => props.onQuery({ category: e.target.value })}>
          <option value="">{t('list.anyCategory')}</option>
          {categories.map((c) => <option key={c} value={c}>{t(`categories.${c}`)}</option>)}
        </select>
        <label htmlFor="filter-sort" className="visually-hidden">{t('list.sort')}</label>
        <select id="filter-sort" value={query.sort} onChange={(e) => props.onQuery({ sort: e.target.value })}>
          {sorts.map(([value, label]) => <option key={value} value={value}>{t(label)}</option>)}
        </select>
      </div>
      <p className="hint" aria-live="polite">{t('list.total', { count: total })} · {t('list.shortcuts')}</p>
      <ErrorNotice error={error} />
      {items.length === 0 && !error ? <p>{t('list.empty')}</p> : null}
      <ul className="tickets">
        {items.map((ticket) => (
          <li key={ticket.id} className={ticket.id === props.selectedId ? 'selected' : undefined}>
            <Link href={`/agent/tickets/${ticket.id}${location.search}`} aria-current={ticket.id === props.selectedId ? 'true' : undefined}>
              <span className={`priority ${ticket.priority}`}>{t(`priorities.${ticket.priority}`, { defaultValue: ticket.priority })}</span>{' '}
              <strong>{ticket.subject || '—'}</strong>
              <span className="meta">
                {ticket.reference} · {ticket.requester.name ?? ticket.requester.address} · {t(`statuses.${ticket.status}`, { defaultValue: ticket.status })} · {t(`categories.${ticket.category}`, { defaultValue: ticket.category })}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {next ? <button type="button" className="secondary" onClick={loadMore}>{t('list.more')}</button> : null}
    </section>
  );
}
