import { z } from 'zod';

export const MACRO_PLACEHOLDERS = ['customer_name', 'ticket_reference', 'agent_name', 'support_address'] as const;
export type MacroPlaceholder = (typeof MACRO_PLACEHOLDERS)[number];

export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z0-9_.-]*)\s*\}\}/g;

/** A body may use only the placeholders we know how to fill: a typo would otherwise reach a customer verbatim. */
const macroText = z
  .string()
  .max(50_000)
  .superRefine((text, ctx) => {
    for (const [, name] of text.matchAll(PLACEHOLDER_PATTERN)) {
      if (!(MACRO_PLACEHOLDERS as readonly string[]).includes(name ?? '')) {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${name}}}; use ${MACRO_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}` });
      }
    }
  });

export const macroBody = z
  .object({
    name: z.string().trim().min(1, 'name must not be empty').max(200),
    body_en: macroText.refine((t) => t.trim().length > 0, 'body_en must not be empty'),
    body_zh: macroText.default('').describe('the 简体中文 body; empty: Chinese tickets get body_en'),
    active: z.boolean().default(true),
  })
  .strict();

export const macroJson = z.object({
  id: z.number().int(),
  name: z.string(),
  body_en: z.string(),
  body_zh: z.string(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const macroIdParams = z.object({ id: z.coerce.number().int().positive() });
export const macroListQuery = z.object({ active: z.stringbool().optional().describe('true: only active macros') });
export const renderBody = z.object({ ticket_id: z.number().int().positive() });
export const renderedJson = z.object({ text: z.string(), locale: z.enum(['en', 'zh-CN']) });

export type MacroInput = z.infer<typeof macroBody>;
export type MacroJson = z.infer<typeof macroJson>;
