import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './help.css';
import { setupI18n } from '../shared/i18n.ts';
import { HelpApp } from './HelpApp.tsx';
import { helpMessages } from './messages.ts';

void setupI18n(helpMessages).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <HelpApp />
    </StrictMode>,
  ),
);
