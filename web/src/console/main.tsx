import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './console.css';
import { setupI18n } from '../shared/i18n.ts';
import { ConsoleApp } from './ConsoleApp.tsx';
import { consoleMessages } from './messages.ts';

void setupI18n(consoleMessages).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConsoleApp />
    </StrictMode>,
  ),
);
