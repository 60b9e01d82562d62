import { createHmac } from 'node:crypto';
import type { Db } from '../../platform/db/connect.ts';
import { sha256Hex } from '../../platform/storage/blobs.ts';
import type { InboundMessage } from '../../tickets/inbound-message.ts';
import { receiveMessage } from '../../tickets/intake.ts';
import type { TicketSettings } from '../../tickets/settings.ts';
import { revokeAccountSessions } from '../account-sessions.ts';
import type { AccountLocale } from '../account-mail-texts.ts';
import { localeOf } from '../account-profile.ts';
import type { AccountSettings } from '../account-settings.ts';
import { queueAccountMail } from '../queue-account-mail.ts';
import { regionName } from '../region-name.ts';
import { accountFactors } from './account-factors.ts';
import { accountFrozenMail, formatUtc } from './security-mail-text.ts';
import { stolenReportText, type StolenReport } from './stolen-report.ts';

export type FreezeReason = 'freeze_link' | 'customer_request' | 'stolen_report';

export type FreezeOptions = {
  reason: FreezeReason;
  /** `others` keeps the session that asked (the customer goes on to change the password); a mailed link revokes all. */
  revoke: 'all' | 'others';
  keepSessionId?: number;
  report?: StolenReport;
};

export type FreezeResult = { ticketId: number; ticketReference: string; newlyFrozen: boolean; sessionsRevoked: number };

const HOW: Record<FreezeReason, string> = {
  freeze_link: 'the "this wasn\'t me" / "freeze my account" link in a security mail',
  customer_request: 'the freeze button in the security center',
  stolen_report: 'the "my account was stolen" report in the security center',
};

type FrozenAccount = { id: number; email: string; locale: AccountLocale; frozenAt: number; verified: boolean };

/**
 * Freezes the account (withdrawals stop, see withdrawal-status), signs sessions out and opens one urgent
 * security ticket. Calling it again is harmless: the ticket's opening message has an id fixed by the freeze, so
 * the intake recognises a repeat and opens nothing, and a report sent later joins that ticket. Returns undefined
 * for an account that does not exist.
 */
export async function freezeAccount(
  db: Db,
  settings: Pick<AccountSettings, 'tickets'>,
  accountId: number,
  opts: FreezeOptions,
): Promise<FreezeResult | undefined> {
  const now = Date.now();
  const frozen = await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('accounts')
      .set({ frozen_at: now, frozen_reason: opts.reason })
      .where('id', '=', accountId)
      .where('frozen_at', 'is', null)
      .executeTakeFirst();
    const row = await trx
      .selectFrom('accounts')
      .select(['id', 'email', 'locale', 'frozen_at', 'email_verified_at'])
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!row || row.frozen_at === null) return undefined;
    const sessionsRevoked = await revokeAccountSessions(trx, accountId, opts.revoke === 'others' ? opts.keepSessionId : undefined);
    const account: FrozenAccount = { id: row.id, email: row.email, locale: localeOf(row.locale), frozenAt: row.frozen_at, verified: row.email_verified_at !== null };
    return { account, newlyFrozen: Number(updated.numUpdatedRows) > 0, sessionsRevoked };
  });
  if (!frozen) return undefined;
  const { account } = frozen;

  const freezeId = freezeMessageId(settings.tickets, account.id, account.frozenAt);
  const openingMessage: InboundMessage = {
    ...securityMessage(account, settings.tickets.deskAddress),
    subject: account.locale === 'zh-CN' ? '账户已冻结：可能被盗' : 'Account frozen: possible takeover',
    text: await freezeTicketText(db, account, opts, frozen.sessionsRevoked),
    externalId: freezeId,
    contentHash: sha256Hex(freezeId),
  };
  // Two freezes racing (a double click, the link opened twice) both try to record the opening message; the unique
  // dedupe key refuses the later one, whose second try then finds the first one's ticket.
  const opening = await receiveMessage(db, settings.tickets, openingMessage).catch(() => receiveMessage(db, settings.tickets, openingMessage));
  let ticketId = opening.ticketId;
  if (opening.duplicate && opts.report) {
    // Already frozen (say by the mailed link): the report is news for the same ticket.
    const text = stolenReportText(opts.report, account.locale);
    const followUp = await receiveMessage(db, settings.tickets, {
      ...securityMessage(account, settings.tickets.deskAddress),
      subject: account.locale === 'zh-CN' ? '账户被盗报告' : 'Report: my account was stolen',
      text,
      externalId: null,
      repliesTo: [freezeId],
      contentHash: sha256Hex(`${freezeId}\u0000${now}\u0000${text}`),
    });
    ticketId = followUp.ticketId;
  }
  const ticket = await db.selectFrom('tickets').select('reference').where('id', '=', ticketId).executeTakeFirstOrThrow();
  const ticketReference = ticket.reference ?? '';
  if (!opening.duplicate) {
    const mail = accountFrozenMail(account.locale, account.frozenAt, ticketReference, await accountFactors(db, account.id));
    await queueAccountMail(db, { accountId: account.id, kind: 'account_frozen', to: account.email, locale: account.locale, ...mail });
  }
  return { ticketId, ticketReference, newlyFrozen: frozen.newlyFrozen, sessionsRevoked: frozen.sessionsRevoked };
}

/**
 * The Message-ID of a freeze's opening message: the same for the same freeze (so a repeat is recognised as one),
 * yet 256 bits that only the desk can compute (an HMAC under its secret). Anyone holding an id of a ticket may
 * thread into it, so the id of a ticket about a stolen account must not be built from what an outsider can
 * guess: an account id and a millisecond time were found with 2,000 guesses.
 */
export function freezeMessageId(settings: Pick<TicketSettings, 'statusLinkSecret' | 'deskAddress'>, accountId: number, frozenAt: number): string {
  const mac = createHmac('sha256', settings.statusLinkSecret).update(`walletdesk freeze message-id\u0000${accountId}\u0000${frozenAt}`).digest('hex');
  return `<account-freeze.${mac}@${settings.deskAddress.split('@')[1] || 'walletdesk.local'}>`;
}

/** The parts every message of a freeze shares: from the account's own address, urgent security by definition. */
function securityMessage(account: FrozenAccount, deskAddress: string): Omit<InboundMessage, 'subject' | 'text' | 'externalId' | 'contentHash'> {
  return {
    channel: 'web',
    from: { address: account.email, name: null },
    to: [{ address: deskAddress, name: null }],
    cc: [],
    html: null,
    attachments: [],
    repliesTo: [],
    rawId: null,
    // The account-frozen mail carries the ticket reference; an acknowledgement beside it would only be noise.
    noAutoReplyReason: 'security-center freeze: the account-frozen mail is the acknowledgement',
    automated: false,
    auth: null,
    // Signed in (or holding a link mailed to the address), so the address is the customer's once it is verified.
    unverifiedSender: !account.verified,
    attachmentTexts: [],
    locale: account.locale,
    triage: { category: 'security', priority: 'urgent' },
  };
}

/** What the agent needs first: how and when the freeze happened, the recent sign-ins, and the customer's report. */
async function freezeTicketText(db: Db, account: FrozenAccount, opts: FreezeOptions, sessionsRevoked: number): Promise<string> {
  const logins = await db
    .selectFrom('account_logins')
    .select(['at', 'ip', 'country', 'city', 'device', 'success', 'flag_reasons'])
    .where('account_id', '=', account.id)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(10)
    .execute();
  const lines = [
    `The customer froze account #${account.id} (${account.email}) at ${formatUtc(account.frozenAt)} using ${HOW[opts.reason]}.`,
    `Sessions signed out: ${sessionsRevoked}${opts.revoke === 'others' ? ' (the session that asked was kept)' : ''}. Withdrawals are refused while the account is frozen.`,
    ...(account.verified ? [] : ['Note: the account\'s email address is not verified.']),
    '',
    'Recent sign-in attempts (newest first):',
    ...(logins.length === 0
      ? ['(none)']
      : logins.map((l) => {
          const flags = JSON.parse(l.flag_reasons) as string[];
          const where = [l.city, regionName(l.country, 'en')].filter(Boolean).join(', ') || 'unknown place';
          return `- ${formatUtc(l.at)}  ${l.success ? 'success' : 'failure'}  ${l.ip} (${where})  ${l.device}${flags.length ? `  flagged: ${flags.join(', ')}` : ''}`;
        })),
  ];
  if (opts.report) lines.push('', 'The customer\'s report:', '', stolenReportText(opts.report, account.locale));
  return lines.join('\n');
}
