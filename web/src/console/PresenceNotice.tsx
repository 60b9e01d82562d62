import { useTranslation } from 'react-i18next';
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
            ? t('presence.typing', { names: typing.map(name).join(', ') })
            : t('presence.viewing', { names: viewers.map(name).join(', ') })}
        </p>
      ) : null}
    </div>
  );
}
