import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shared/LanguageSwitch.tsx';
import { Link, navigate, useLocation } from '../shared/router.ts';
import { AdminPages } from './admin/AdminPages.tsx';
import { TicketList, type ListQuery } from './TicketList.tsx';
import { TicketView } from './TicketView.tsx';
import type { Agent } from './types.ts';

const views = ['all_open', 'unassigned', 'mine', 'pending'] as const;

export function Workspace({ agent, onSignOut }: { agent: Agent; onSignOut: () => void }) {
  const { t } = useTranslation();
  const { path, search } = useLocation();
  const match = /^\/agent\/tickets\/(\d+)/.exec(path);
  const ticketId = match?.[1] ? Number(match[1]) : undefined;
  const inAdmin = path === '/agent/admin' || path.startsWith('/agent/admin/');
  const query: ListQuery = {
    view: search.get('view') ?? 'all_open',
    category: search.get('category') ?? '',
    sort: search.get('sort') ?? '',
    q: search.get('q') ?? '',
  };
  const searchInput = useRef<HTMLInputElement>(null);
  const [listVersion, setListVersion] = useState(0);
  const ticketChanged = useCallback(() => setListVersion((v) => v + 1), []);

  const withQuery = (base: string, changes: Partial<ListQuery> = {}) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...query, ...changes })) if (value) next.set(key, value);
    const qs = next.toString();
    return qs ? `${base}?${qs}` : base;
  };

  return (
    <div className="console">
      <a className="skip-link" href={inAdmin ? '#admin' : '#ticket'}>{t('common.skip')}</a>
      <header className="site-header">
        <span className="brand">{t('common.brand')}</span>
        <nav aria-label={t('views.label')} className="views">
          {views.map((v) => (
            <Link key={v} href={withQuery('/agent', { view: v })} aria-current={!inAdmin && query.view === v ? 'page' : undefined}>
              {t(`views.${v}`)}
            </Link>
          ))}
        </nav>
        {agent.role === 'admin' ? (
          <Link href="/agent/admin/agents" aria-current={inAdmin ? 'page' : undefined}>{t('admin.link')}</Link>
        ) : null}
        <span className="who">{agent.name ?? agent.email}</span>
        <LanguageSwitch />
        <button type="button" className="secondary" onClick={onSignOut}>{t('signIn.signOut')}</button>
      </header>
      {inAdmin ? (
        <AdminPages agent={agent} path={path} />
      ) : (
        <div className="panes">
          <TicketList
            query={query}
            version={listVersion}
            selectedId={ticketId}
            searchInput={searchInput}
            onQuery={(changes) => navigate(withQuery(ticketId ? `/agent/tickets/${ticketId}` : '/agent', changes))}
            onOpen={(id) => navigate(withQuery(`/agent/tickets/${id}`))}
          />
          <main id="ticket" className="ticket-pane" tabIndex={-1}>
            {ticketId ? <TicketView key={ticketId} ticketId={ticketId} agent={agent} onChanged={ticketChanged} /> : <p>{t('ticket.none')}</p>}
          </main>
        </div>
      )}
    </div>
  );
}
