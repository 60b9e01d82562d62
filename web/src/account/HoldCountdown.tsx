import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hold } from './account-api.ts';
import { formatRemaining, formatTime } from './display-format.ts';

/** Whether withdrawals may leave, and while a hold runs, a clock counting down to its end. */
export function HoldCountdown({ hold, onEnded }: { hold: Hold; onEnded: () => void }) {
  const { t } = useTranslation('account');
  const [now, setNow] = useState(() => Date.now());
  const until = hold.until ? Date.parse(hold.until) : NaN;
  const running = hold.status === 'held' && Number.isFinite(until);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const left = until - now;
  useEffect(() => {
    if (running && left <= 0) onEnded();
  }, [running, left <= 0]); // eslint-disable-line react-hooks/exhaustive-deps

  if (hold.status === 'frozen') return <p className="hold frozen">{t('hold.frozen')}</p>;
  if (!running) return <p className="hold allowed ok">{t('hold.allowed')}</p>;
  return (
    <div className="hold held">
      <p>
        {t('hold.held', { until: formatTime(hold.until) })}{' '}
        {hold.reason ? t(`hold.reasons.${hold.reason}`, { defaultValue: hold.reason }) : null}
      </p>
      {/* A timer is not read out every second (role=timer is polite-off); its label says what it counts. */}
      <p>
        {t('hold.left')}{' '}
        <strong role="timer" aria-label={t('hold.left')} data-testid="hold-countdown">{formatRemaining(left)}</strong>
      </p>
    </div>
  );
}
