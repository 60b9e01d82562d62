import type { Resource } from 'i18next';
import { en } from './messages-en.ts';
import { zh } from './messages-zh.ts';

// The security center's own namespace ("account"), added when its lazy chunk loads, so the help center's first
// load carries none of it.
export const accountMessages: Resource = { en: { account: en }, 'zh-CN': { account: zh } };
