import { useTranslation } from 'react-i18next';
import { listed } from '../shared/punctuation.ts';
import type { Viewer } from './types.ts';

/** The collision warning: polite live region, so a screen reader hears it without losing its place. */
export function PresenceNotice({ viewers }: { viewers: Viewer[] }) {
  const { t } = useTranslation();
  const name = (v: Viewer) => v.name ?? v.email;
  const typing = viewers.filter((v) => v.typing);
  return (
    <div aria-live="polite" data-testid="presence">
      {viewers.length > 0 ? (
        <p className="notice">
          {typing.length > 0
            ? t('presence.typing', { names: listed(typing.map(name)) })
            : t('presence.viewing', { names: listed(viewers.map(name)) })}
        </p>
      ) : null}
    </div>
  );
}
