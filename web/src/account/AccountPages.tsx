import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';

// Only a visit to /account downloads the security center, so the help center's first load stays small.
const AccountApp = lazy(() => import('./AccountApp.tsx'));

/** A chunk that fails to load (offline, or a page older than the last deploy) says so instead of going blank. */
class LoadFailure extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: undefined as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    return this.state.error ? <ErrorNotice error={this.state.error} /> : this.props.children;
  }
}

export function AccountPages() {
  const { t } = useTranslation();
  return (
    <LoadFailure>
      <Suspense fallback={<p>{t('common.loading')}</p>}>
        <AccountApp />
      </Suspense>
    </LoadFailure>
  );
}
