/**
 * urgent → 0 … low → 3, unknown → 4. Migration 006 indexes this very text and the ticket list sorts by it, so both
 * dialects walk the index instead of sorting; change it only together with a migration that rebuilds the index.
 */
export const PRIORITY_RANK_SQL = "case priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 when 'low' then 3 else 4 end";
