import { useTranslation } from 'react-i18next';
import type { Message } from './types.ts';

const good = new Set(['pass']);
const bad = new Set(['fail', 'softfail', 'permerror']);

/** SPF, DKIM, DMARC and ARC results as words and colour, never colour alone. */
export function AuthBadges({ auth }: { auth: NonNullable<Message['auth']> }) {
  const { t } = useTranslation();
  return (
    <span className="auth-badges" aria-label={t('ticket.auth')}>
      {(['dmarc', 'spf', 'dkim', 'arc'] as const).map((check) => {
        const result = auth[check];
        const tone = good.has(result) ? 'pass' : bad.has(result) ? 'fail' : 'neutral';
        return (
          <span key={check} className={`badge ${tone}`}>
            {check.toUpperCase()} {result}
          </span>
        );
      })}
    </span>
  );
}
