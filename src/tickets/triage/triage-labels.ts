/** The triage vocabulary: stored on tickets and filtered on in the console, so the values never change. */
export const CATEGORIES = ['account', 'security', 'transaction', 'fees', 'personal_info', 'restriction', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Triage = { category: Category; priority: Priority; signals: string[] };
