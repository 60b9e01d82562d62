import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api.ts';
import { ErrorNotice } from '../../shared/ErrorNotice.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useAdminAction } from './use-admin-action.ts';

type Macro = { id: number; name: string; body_en: string; body_zh: string; active: boolean };
type Draft = Omit<Macro, 'id'> & { id?: number };

/** The placeholders the server fills (src/tickets/macro-schemas.ts); it refuses any other. */
const placeholders = ['customer_name', 'ticket_reference', 'agent_name', 'support_address'] as const;
const blank: Draft = { name: '', body_en: '', body_zh: '', active: true };

export function MacrosAdmin() {
  const { t } = useTranslation();
  // All macros, inactive ones too: the reply editor asks for active ones only.
  const macros = useApi<{ items: Macro[] }>('/api/v1/macros');
  const [draft, setDraft] = useState<Draft>(blank);
  const [confirming, setConfirming] = useState<number>();

  const { run, error, status } = useAdminAction(() => macros.reload());

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const { id, ...json } = draft;
    const saved = await run(() => api(id ? `/api/v1/macros/${id}` : '/api/v1/macros', { method: id ? 'PUT' : 'POST', json }), t('admin.macros.saved'));
    if (saved) setDraft(blank);
  };

  const remove = (macro: Macro) => {
    if (confirming !== macro.id) return setConfirming(macro.id);
    setConfirming(undefined);
    if (draft.id === macro.id) setDraft(blank);
    void run(() => api(`/api/v1/macros/${macro.id}`, { method: 'DELETE' }), t('admin.macros.deleted'));
  };

  return (
    <section aria-labelledby="macros-heading">
      <h1 id="macros-heading">{t('admin.macros.title')}</h1>
      <div className="panel">
        <h2>{t('admin.macros.placeholdersTitle')}</h2>
        <p>{t('admin.macros.placeholdersIntro')}</p>
        <dl className="placeholders">
          {placeholders.map((p) => (
            <div key={p}>
              <dt><code>{`{{${p}}}`}</code></dt>
              <dd>{t(`admin.macros.placeholders.${p}`)}</dd>
            </div>
          ))}
        </dl>
        <p className="hint">{t('admin.macros.languageHint')}</p>
      </div>
      <ErrorNotice error={macros.error ?? error} />
      {status ? <p role="status" className="ok">{status}</p> : null}
      {macros.data && macros.data.items.length === 0 ? <p>{t('admin.macros.empty')}</p> : null}
      {macros.data && macros.data.items.length > 0 ? (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.macros.name')}</th>
              <th scope="col">{t('admin.macros.status')}</th>
              <th scope="col">{t('admin.macros.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {macros.data.items.map((m) => (
              <tr key={m.id} className={m.active ? undefined : 'inactive'}>
                <th scope="row">{m.name}</th>
                <td>{m.active ? t('admin.macros.activeShort') : t('admin.macros.inactive')}</td>
                <td>
                  <button type="button" className="secondary" aria-label={t('admin.macros.editWho', { name: m.name })} onClick={() => setDraft({ id: m.id, name: m.name, body_en: m.body_en, body_zh: m.body_zh, active: m.active })}>
                    {t('admin.macros.edit')}
                  </button>{' '}
                  <button type="button" className="secondary danger" onClick={() => remove(m)}>
                    {confirming === m.id ? t('admin.macros.confirmDelete', { name: m.name }) : t('admin.macros.deleteWho', { name: m.name })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="admin-form card" onSubmit={onSubmit}>
        <h2>{draft.id ? t('admin.macros.editing', { name: draft.name }) : t('admin.macros.new')}</h2>
        <label htmlFor="macro-name">{t('admin.macros.name')}</label>
        <input id="macro-name" required maxLength={200} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <label htmlFor="macro-body-en">{t('admin.macros.bodyEn')}</label>
        <textarea id="macro-body-en" required rows={6} value={draft.body_en} onChange={(e) => setDraft({ ...draft, body_en: e.target.value })} />
        <label htmlFor="macro-body-zh">{t('admin.macros.bodyZh')}</label>
        <textarea id="macro-body-zh" rows={6} lang="zh-CN" value={draft.body_zh} onChange={(e) => setDraft({ ...draft, body_zh: e.target.value })} />
        <label className="inline">
          <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} /> {t('admin.macros.active')}
        </label>
        <p>
          <button type="submit">{t('admin.macros.save')}</button>{' '}
          {draft.id ? <button type="button" className="secondary" onClick={() => setDraft(blank)}>{t('admin.macros.cancel')}</button> : null}
        </p>
      </form>
    </section>
  );
}
