import type { Locale } from '../detect-language.ts';
import { EVIDENCE_ITEMS, type EvidenceItem } from './evidence-items.ts';

// Each phrase names the item and gives an example, so a customer who does not know the word "network" still
// knows what to send. No phrase asks for anything secret or for identity documents.
const PHRASES: Record<Locale, Record<EvidenceItem, string>> = {
  en: {
    clear_subject: 'a subject line that says what the problem is, such as "Withdrawal not received" (keep the ticket reference in it)',
    description: 'a description of what happened and the steps you took',
    time: 'when it happened (the date and time, and your time zone)',
    asset: 'which asset is involved, such as USDT or BTC',
    amount: 'the amount involved',
    network: 'the network used, such as TRC20, ERC20 or BEP20',
    tx_hash: 'the transaction hash (TxID), or a screenshot of the transaction record',
    screenshot_or_record: 'a screenshot of what you see (such as the error message or notice) or the relevant records',
  },
  'zh-CN': {
    clear_subject: '能说明问题的邮件主题，例如“提币未到账”（请保留主题中的工单编号）',
    description: '问题的经过和您的操作步骤',
    time: '发生的时间（日期和具体时间）',
    asset: '涉及的资产，例如 USDT 或 BTC',
    amount: '涉及的金额或数量',
    network: '使用的网络，例如 TRC20、ERC20 或 BEP20',
    tx_hash: '交易哈希（TxID），或交易记录的截图',
    screenshot_or_record: '能说明问题的截图（如错误提示或通知）或相关记录',
  },
};

/**
 * The paragraph the acknowledgement adds when the report lacks something: exactly the missing items, in the
 * customer's language, in the checklist's order. Empty when nothing is missing, so the caller can add it blindly.
 */
export function evidenceRequestText(locale: Locale, items: readonly EvidenceItem[]): string {
  const wanted = EVIDENCE_ITEMS.filter((item) => items.includes(item));
  if (wanted.length === 0) return '';
  const phrases = wanted.map((item) => PHRASES[locale][item]);
  if (locale === 'zh-CN') {
    return `为了尽快处理您的问题，请直接回复本邮件补充：${phrases.join('；')}。`;
  }
  return `So that we can help you sooner, please reply to this mail with: ${phrases.join('; ')}.`;
}
