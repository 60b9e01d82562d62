import type { Category, Priority } from './triage-labels.ts';

export type LabelledMail = { subject: string; text: string; category: Category; priority: Priority };

/** Keeps the corpus files readable: category and priority first, where a reviewer checks them. */
export const mail = (category: Category, priority: Priority, subject: string, text: string): LabelledMail => ({
  subject,
  text,
  category,
  priority,
});
