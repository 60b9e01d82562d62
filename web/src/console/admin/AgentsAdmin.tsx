import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api.ts';
import { ErrorNotice } from '../../shared/ErrorNotice.tsx';
import { useApi } from '../../shared/use-api.ts';
import type { Agent } from '../types.ts';

type AgentRow = { id: number; email: string; name: string | null; role: 'agent' | 'admin'; active: boolean; require_totp: boolean; totp_enabled: boolean };
type Patch = Partial<Pick<AgentRow, 'role' | 'active' | 'require_totp'>>;

export function AgentsAdmin({ self }: { self: Agent }) {
  const { t } = useTranslation();
  const agents = useApi<{ items: AgentRow[] }>('/api/v1/agents');
  // A local copy, so a control shows its new value at once rather than after the list reloads.
  const [rows, setRows] = useState<AgentRow[]>();
  useEffect(() => setRows(agents.data?.items), [agents.data]);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');

  const patch = async (row: AgentRow, changes: Patch) => {
    setError(undefined);
    setStatus('');
    setRows((current) => current?.map((r) => (r.id === row.id ? { ...r, ...changes } : r)));
    try {
      const updated = await api<AgentRow>(`/api/v1/agents/${row.id}`, { method: 'PATCH', json: changes });
      setRows((current) => current?.map((r) => (r.id === row.id ? updated : r)));
      setStatus(t('admin.agents.saved'));
    } catch (err) {
      setError(err);
      // Refused (the last admin, say): show what the server holds.
      agents.reload();
    }
  };

  // For a lost phone: the API removes the agent's TOTP, ends their sessions and records it in the audit log.
  const resetTotp = async (row: AgentRow) => {
    setError(undefined);
    setStatus('');
    try {
      await api(`/api/v1/agents/${row.id}/totp-reset`, { method: 'POST', json: {} });
      setStatus(t('admin.agents.totpReset', { email: row.email }));
      agents.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="agents-heading">
      <h1 id="agents-heading">{t('admin.agents.title')}</h1>
      <ErrorNotice error={agents.error ?? error} />
      {status ? <p role="status" className="ok">{status}</p> : null}
      <p className="hint">{t('admin.agents.requireHint')}</p>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.agents.email')}</th>
            <th scope="col">{t('admin.agents.name')}</th>
            <th scope="col">{t('admin.agents.role')}</th>
            <th scope="col">{t('admin.agents.twoFactor')}</th>
            <th scope="col">{t('admin.agents.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows?.map((row) => (
            <tr key={row.id} className={row.active ? undefined : 'inactive'}>
              <th scope="row">{row.email}{row.id === self.id ? ` ${t('admin.agents.you')}` : ''}</th>
              <td>{row.name ?? ''}</td>
              <td>
                <select aria-label={t('admin.agents.roleFor', { email: row.email })} value={row.role} onChange={(e) => void patch(row, { role: e.target.value as AgentRow['role'] })}>
                  <option value="agent">{t('admin.agents.roles.agent')}</option>
                  <option value="admin">{t('admin.agents.roles.admin')}</option>
                </select>
              </td>
              <td>
                <span className={`badge ${row.totp_enabled ? 'pass' : 'neutral'}`}>{row.totp_enabled ? t('admin.agents.totpOn') : t('admin.agents.totpOff')}</span>{' '}
                {row.totp_enabled ? (
                  <button type="button" className="secondary" aria-label={t('admin.agents.resetTotpWho', { email: row.email })} onClick={() => void resetTotp(row)}>
                    {t('admin.agents.resetTotp')}
                  </button>
                ) : null}{' '}
                <label className="inline">
                  <input
                    type="checkbox"
                    aria-label={t('admin.agents.requireFor', { email: row.email })}
                    checked={row.require_totp}
                    onChange={(e) => void patch(row, { require_totp: e.target.checked })}
                  />{' '}
                  {t('admin.agents.require')}
                </label>
              </td>
              <td>
                {row.active ? t('admin.agents.active') : t('admin.agents.inactive')}{' '}
                <button
                  type="button"
                  className="secondary"
                  aria-label={t(row.active ? 'admin.agents.deactivateWho' : 'admin.agents.reactivateWho', { email: row.email })}
                  onClick={() => void patch(row, { active: !row.active })}
                >
                  {row.active ? t('admin.agents.deactivate') : t('admin.agents.reactivate')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewAgentForm onAdded={agents.reload} />
    </section>
  );
}

function NewAgentForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const empty = { email: '', name: '', role: 'agent', password: '', require_totp: false };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<unknown>();
  const [added, setAdded] = useState('');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setAdded('');
    try {
      const created = await api<AgentRow>('/api/v1/agents', { method: 'POST', json: { ...form, name: form.name.trim() || undefined } });
      setForm(empty);
      setAdded(t('admin.agents.added', { email: created.email }));
      onAdded();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form className="admin-form card" onSubmit={onSubmit}>
      <h2>{t('admin.agents.add')}</h2>
      <label htmlFor="new-agent-email">{t('admin.agents.email')}</label>
      <input id="new-agent-email" type="email" required autoComplete="off" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
      <label htmlFor="new-agent-name">{t('admin.agents.name')}</label>
      <input id="new-agent-name" autoComplete="off" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      <label htmlFor="new-agent-role">{t('admin.agents.role')}</label>
      <select id="new-agent-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
        <option value="agent">{t('admin.agents.roles.agent')}</option>
        <option value="admin">{t('admin.agents.roles.admin')}</option>
      </select>
      <label htmlFor="new-agent-password">{t('admin.agents.password')}</label>
      <input
        id="new-agent-password"
        type="password"
        required
        minLength={12}
        autoComplete="new-password"
        aria-describedby="new-agent-password-hint"
        value={form.password}
        onChange={(e) => setForm({ ...form, password: e.target.value })}
      />
      <p id="new-agent-password-hint" className="hint">{t('admin.agents.passwordHint')}</p>
      <label className="inline">
        <input type="checkbox" checked={form.require_totp} onChange={(e) => setForm({ ...form, require_totp: e.target.checked })} /> {t('admin.agents.requireNew')}
      </label>
      <ErrorNotice error={error} />
      {added ? <p role="status" className="ok">{added}</p> : null}
      <p><button type="submit">{t('admin.agents.submit')}</button></p>
    </form>
  );
}
