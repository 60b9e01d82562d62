import { useTranslation } from 'react-i18next';

type Props = { id: string; value: string; onChange: (value: string) => void; error?: string; label?: string };

/**
 * A new password with the seed's advice beside it. The server's rules decide (length, common passwords,
 * strength); the browser adds none of its own, so the message shown is always the server's. Pasting is allowed
 * on purpose: password managers paste.
 */
export function NewPasswordField({ id, value, onChange, error, label }: Props) {
  const { t } = useTranslation('account');
  const describedBy = error ? `${id}-advice ${id}-error` : `${id}-advice`;
  return (
    <div className="field">
      <label htmlFor={id}>{label ?? t('fields.newPassword')}</label>
      <div className="hint" id={`${id}-advice`}>
        {t('advice.title')}
        <ul>
          <li>{t('advice.length')}</li>
          <li>{t('advice.mix')}</li>
          <li>{t('advice.reuse')}</li>
          <li>{t('advice.paste')}</li>
        </ul>
      </div>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
      {error ? <p className="field-error" id={`${id}-error`} role="alert">{error}</p> : null}
    </div>
  );
}
