import { useTranslation } from 'react-i18next';
import { Link } from '../../shared/router.ts';
import type { Agent } from '../types.ts';
import { AddressesAdmin } from './AddressesAdmin.tsx';
import { AgentsAdmin } from './AgentsAdmin.tsx';
import { MacrosAdmin } from './MacrosAdmin.tsx';
import { TokensAdmin } from './TokensAdmin.tsx';

const pages = ['agents', 'macros', 'addresses', 'tokens'] as const;
type Page = (typeof pages)[number];

/** /agent/admin/{agents,macros,addresses,tokens}. The API refuses agents anyway; this only spares them a page of 403s. */
export function AdminPages({ agent, path }: { agent: Agent; path: string }) {
  const { t } = useTranslation();
  if (agent.role !== 'admin') return <main id="admin"><p role="alert" className="error">{t('admin.forbidden')}</p></main>;
  const page: Page = pages.find((p) => path === `/agent/admin/${p}`) ?? 'agents';
  return (
    <main id="admin" className="admin" tabIndex={-1}>
      <nav aria-label={t('admin.nav')} className="admin-nav">
        {pages.map((p) => (
          <Link key={p} href={`/agent/admin/${p}`} aria-current={page === p ? 'page' : undefined}>{t(`admin.pages.${p}`)}</Link>
        ))}
        <Link href="/agent">{t('admin.back')}</Link>
      </nav>
      {page === 'agents' ? <AgentsAdmin self={agent} /> : page === 'macros' ? <MacrosAdmin /> : page === 'tokens' ? <TokensAdmin /> : <AddressesAdmin />}
    </main>
  );
}
