import { z } from 'zod';

const noControls = (v: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(v);
const field = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).refine(noControls, 'must not contain control characters');

/** What the customer tells us in the "my account was stolen" form; it goes into the urgent ticket as written. */
export const stolenReport = z.object({
  last_good_login: field(200).optional().describe('when the customer last signed in themselves'),
  not_me: field(2000).optional().describe('what was done that the customer did not do'),
  amounts: field(2000).optional().describe('amounts and times of anything taken'),
  details: field(10_000).pipe(z.string().min(1, 'is required')),
});
export type StolenReport = z.infer<typeof stolenReport>;

/** The report as the agent reads it in the ticket; labels in the customer's language, empty answers left out. */
export function stolenReportText(report: StolenReport, locale: 'zh-CN' | 'en'): string {
  const labels =
    locale === 'zh-CN'
      ? { last_good_login: '最后一次本人登录：', not_me: '不是本人的操作：', amounts: '金额和时间：', details: '详细情况：' }
      : { last_good_login: 'Last sign-in that was me:', not_me: 'What I did not do:', amounts: 'Amounts and times:', details: 'Details:' };
  return (['last_good_login', 'not_me', 'amounts', 'details'] as const)
    .filter((k) => report[k])
    .map((k) => `${labels[k]}\n${report[k]}`)
    .join('\n\n');
}
