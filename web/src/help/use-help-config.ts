import { useApi } from '../shared/use-api.ts';

export type HelpConfig = { support_address: string; aliases: string[]; public_url: string };

export function useHelpConfig() {
  return useApi<HelpConfig>('/api/v1/help/config');
}
