import type { Locale } from './detect-language.ts';

export type AcknowledgementInput = {
  reference: string;
  /** How the customer reached us: a mail is acknowledged as a mail, a form post (or status-page answer) as a request. */
  channel: 'mail' | 'web';
  /**
   * The customer's subject to repeat after ours, or null for a subject entirely of our words. Only a sender who
   * proved the address gets their subject back (acknowledge.ts decides).
   */
  echoedSubject: string | null;
  firstReplyHours: number;
  /** A paragraph asking for what the report lacks (evidence checklist), or '' when it is complete. */
  evidenceRequest: string;
  /** The ticket's status page (a signed link), where the customer can follow and answer without mail. */
  statusUrl?: string;
};

/**
 * The acknowledgement in the customer's language: the reference to quote, and when to expect an answer. Every
 * sentence is ours; the only outside words it can hold are the echoed subject.
 */
export function acknowledgementText(locale: Locale, a: AcknowledgementInput): { subject: string; text: string } {
  if (locale === 'zh-CN') {
    const received = a.channel === 'web' ? '我们已收到您的请求' : '我们已收到您的邮件';
    return {
      subject: `[${a.reference}] ${received}${a.echoedSubject ? `：${a.echoedSubject}` : ''}`,
      text: [
        '您好，',
        '',
        `${a.channel === 'web' ? '我们已收到您在网站上提交的请求' : '我们已收到您的来信'}，工单编号为 ${a.reference}。客服人员通常会在 ${a.firstReplyHours} 小时内回复您。`,
        a.evidenceRequest || '如需补充信息（操作步骤、发生时间、涉及的资产、截图或交易记录），请直接回复本邮件，并保留主题中的工单编号。',
        ...(a.statusUrl ? ['', `查看工单进度或在线回复：${a.statusUrl}`, '（此链接仅供您本人使用，请勿转发。）'] : []),
        '',
        '安全提示：我们的客服绝不会向您索要密码、助记词、私钥或验证码。',
        '',
        '此邮件为自动回复。',
      ].join('\n'),
    };
  }
  const received = a.channel === 'web' ? 'We received your request' : 'We received your message';
  return {
    subject: `[${a.reference}] ${received}${a.echoedSubject ? `: ${a.echoedSubject}` : ''}`,
    text: [
      'Hello,',
      '',
      `${a.channel === 'web' ? 'We have received your request from our website' : 'We have received your message'}; its reference is ${a.reference}. An agent usually answers within ${a.firstReplyHours} hours.`,
      a.evidenceRequest || 'To add details (the steps you took, when it happened, which asset, screenshots or transaction records), reply to this mail and keep the reference in the subject.',
      ...(a.statusUrl ? ['', `Follow your request or answer online: ${a.statusUrl}`, '(This link is for you alone; please do not forward it.)'] : []),
      '',
      'Security note: our support will never ask for your password, recovery phrase, private keys or verification codes.',
      '',
      'This is an automatic reply.',
    ].join('\n'),
  };
}
