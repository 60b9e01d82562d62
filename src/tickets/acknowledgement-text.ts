import type { Locale } from './detect-language.ts';

export type AcknowledgementInput = {
  reference: string;
  subject: string;
  firstReplyHours: number;
  /** A paragraph asking for what the report lacks (evidence checklist), or '' when it is complete. */
  evidenceRequest: string;
  /** The ticket's status page (a signed link), where the customer can follow and answer without mail. */
  statusUrl?: string;
};

/** The acknowledgement in the customer's language: the reference to quote, and when to expect an answer. */
export function acknowledgementText(locale: Locale, a: AcknowledgementInput): { subject: string; text: string } {
  if (locale === 'zh-CN') {
    return {
      subject: `[${a.reference}] 我们已收到您的邮件:${a.subject}`,
      text: [
        '您好,',
        '',
        `我们已收到您的来信,工单编号为 ${a.reference}。客服人员通常会在 ${a.firstReplyHours} 小时内回复您。`,
        a.evidenceRequest || '如需补充信息(操作步骤、发生时间、涉及的资产、截图或交易记录),请直接回复本邮件,并保留主题中的工单编号。',
        ...(a.statusUrl ? ['', `查看工单进度或在线回复:${a.statusUrl}`, '(此链接仅供您本人使用,请勿转发。)'] : []),
        '',
        '安全提示:我们的客服绝不会向您索要密码、助记词、私钥或验证码。',
        '',
        '此邮件为自动回复。',
      ].join('\n'),
    };
  }
  return {
    subject: `[${a.reference}] We received your message: ${a.subject}`,
    text: [
      'Hello,',
      '',
      `We have received your message; its reference is ${a.reference}. An agent usually answers within ${a.firstReplyHours} hours.`,
      a.evidenceRequest || 'To add details (the steps you took, when it happened, which asset, screenshots or transaction records), reply to this mail and keep the reference in the subject.',
      ...(a.statusUrl ? ['', `Follow your request or answer online: ${a.statusUrl}`, '(This link is for you alone; please do not forward it.)'] : []),
      '',
      'Security note: our support will never ask for your password, recovery phrase, private keys or verification codes.',
      '',
      'This is an automatic reply.',
    ].join('\n'),
  };
}
