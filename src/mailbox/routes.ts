import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { requireAgentOf } from '../platform/http/authenticated-agent.ts';
import { notFound } from '../platform/http/create-http-server.ts';
import { enqueueJob } from '../platform/jobs/queue.ts';
import { getBlob } from '../platform/storage/blobs.ts';
import { deliveryStatus, messageKind } from '../tickets/schemas.ts';
import { phrasesOf } from '../tickets/redact-for-agents.ts';
import { recordAudit } from '../platform/audit/audit-log.ts';
import { redactRawMailForAgents } from './redact-raw-mail.ts';
import { PROCESS_INBOUND_JOB } from './store-inbound.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });
const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d{1,15}$/, 'cursor must be the next_cursor of a previous page').optional(),
});

const outboundJson = z.object({
  id: z.number().int(),
  ticket_id: z.number().int(),
  kind: messageKind,
  to: z.array(z.string()),
  subject: z.string(),
  status: deliveryStatus,
  attempts: z.number().int(),
  error: z.string().nullable(),
  message_id: z.string().nullable(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
  raw: z.string().nullable().describe('the RFC 5322 source as sent, with the anti-phishing phrase and signed links replaced by markers such as [anti-phishing phrase] and [status link] (text parts decoded to 8-bit UTF-8); admins get the bytes as sent at /outbound/{id}/raw; null until composed'),
});

const inboundJson = z.object({
  id: z.number().int(),
  source: z.string(),
  status: z.enum(['pending', 'processed', 'quarantined']),
  quarantine_reason: z.string().nullable(),
  size: z.number().int(),
  mail_from: z.string(),
  message_id: z.number().int().nullable(),
  received_at: z.string(),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function requireAdmin(request: Parameters<typeof requireAgentOf>[0]) {
  const agent = requireAgentOf(request);
  if (agent.role !== 'admin') throw Object.assign(new Error('admins only'), { statusCode: 403, code: 'forbidden' });
  return agent;
}

async function redactedRaw(db: Db, blobHash: string, phrases: readonly string[]): Promise<string | null> {
  const raw = await getBlob(db, blobHash);
  return raw ? redactRawMailForAgents(raw, phrases) : null;
}

export function mailboxRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/outbound', {
      schema: {
        summary: 'Mail we sent or queued, newest first, with raw source',
        querystring: pageQuery,
        response: { 200: z.object({ items: z.array(outboundJson), next_cursor: z.string().nullable() }) },
      },
    }, async (request) => {
      const { limit, cursor } = request.query;
      let q = db.selectFrom('messages').selectAll().where('direction', '=', 'outbound').orderBy('id', 'desc').limit(limit + 1);
      if (cursor) q = q.where('id', '<', Number(cursor));
      const rows = await q.execute();
      const page = rows.slice(0, limit);
      const recipients = page.map((m) => (JSON.parse(m.to_json) as { address: string }[]).map((p) => p.address));
      const phrases = await phrasesOf(db, recipients.flat());
      // Agents read this log, so its raw source shows markers where the customer's phrase and signed links were;
      // the bytes as sent are for admins, with a reason, at /outbound/{id}/raw.
      const items = await Promise.all(page.map(async (m, i) => ({
        id: m.id,
        ticket_id: m.ticket_id,
        kind: m.kind,
        to: recipients[i] as string[],
        subject: m.subject,
        status: m.delivery_status,
        attempts: m.delivery_attempts,
        error: m.delivery_error,
        message_id: m.external_id,
        created_at: new Date(m.created_at).toISOString(),
        sent_at: iso(m.sent_at),
        raw: m.raw_blob_hash ? await redactedRaw(db, m.raw_blob_hash, phrases) : null,
      })));
      return { items, next_cursor: rows.length > limit ? String(page.at(-1)?.id) : null };
    });

    app.get('/outbound/:id/raw', {
      schema: {
        summary: 'The raw source of an outbound message exactly as sent, phrase and links included (admins, with a reason)',
        description: 'Every view is recorded in the audit log with its reason. Agents: 403; no reason: 400.',
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: z.object({ reason: z.string().optional().describe('why the unredacted mail is needed (required, 5 to 500 characters)') }),
      },
    }, async (request, reply) => {
      const admin = requireAdmin(request);
      const reason = request.query.reason?.trim() ?? '';
      if (reason.length < 5 || reason.length > 500) {
        return reply.code(400).send({ error: 'bad_request', message: 'querystring.reason: say why you need the unredacted mail (5 to 500 characters); it is kept in the audit log' });
      }
      const row = await db.selectFrom('messages').select(['raw_blob_hash', 'to_json']).where('id', '=', request.params.id).where('direction', '=', 'outbound').executeTakeFirst();
      const raw = row?.raw_blob_hash ? await getBlob(db, row.raw_blob_hash) : undefined;
      if (!row || !raw) return reply.code(404).send(notFound('outbound message'));
      const to = (JSON.parse(row.to_json) as { address: string }[]).map((p) => p.address.toLowerCase());
      const account = to.length ? await db.selectFrom('accounts').select('id').where('email', 'in', to).executeTakeFirst() : undefined;
      await recordAudit(db, { actorAgentId: admin.id, action: 'outbound.raw_view', target: `message:${request.params.id}`, accountId: account ? Number(account.id) : null, reason });
      return reply
        .header('Content-Type', 'message/rfc822')
        .header('Content-Disposition', `attachment; filename="outbound-${request.params.id}.eml"`)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'no-store')
        .send(raw);
    });

    app.get('/inbound', {
      schema: {
        summary: 'Raw inbound mail, e.g. the quarantine (status=quarantined)',
        querystring: pageQuery.extend({ status: z.enum(['pending', 'processed', 'quarantined']).optional() }),
        response: { 200: z.object({ items: z.array(inboundJson), next_cursor: z.string().nullable() }) },
      },
    }, async (request) => {
      const { limit, cursor, status } = request.query;
      let q = db.selectFrom('inbound_raw').selectAll().orderBy('id', 'desc').limit(limit + 1);
      if (cursor) q = q.where('id', '<', Number(cursor));
      if (status) q = q.where('status', '=', status);
      const rows = await q.execute();
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          id: r.id,
          source: r.source,
          status: r.status,
          quarantine_reason: r.quarantine_reason,
          size: r.size,
          mail_from: r.mail_from,
          message_id: r.message_id,
          received_at: new Date(r.received_at).toISOString(),
        })),
        next_cursor: rows.length > limit ? String(page.at(-1)?.id) : null,
      };
    });

    app.get('/inbound/:id/raw', {
      schema: {
        summary: 'The raw source of an inbound message (admins)',
        description: 'Every download is recorded in the audit log, with the reason when one is given: a customer\'s reply can quote their anti-phishing phrase and status link.',
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: z.object({ reason: z.string().trim().max(500).optional() }),
      },
    }, async (request, reply) => {
      const admin = requireAdmin(request);
      const row = await db.selectFrom('inbound_raw').select('blob_hash').where('id', '=', request.params.id).executeTakeFirst();
      const raw = row && (await getBlob(db, row.blob_hash));
      if (!raw) return reply.code(404).send(notFound('inbound message'));
      await recordAudit(db, { actorAgentId: admin.id, action: 'inbound.raw_view', target: `inbound:${request.params.id}`, reason: request.query.reason || null });
      return reply
        .header('Content-Type', 'message/rfc822')
        .header('Content-Disposition', `attachment; filename="inbound-${request.params.id}.eml"`)
        .header('X-Content-Type-Options', 'nosniff')
        .send(raw);
    });

    app.post('/inbound/:id/reprocess', {
      schema: {
        summary: 'Run a quarantined message through processing again (admins)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 202: z.object({ id: z.number().int(), status: z.literal('pending') }), 404: errorJson, 409: errorJson },
      },
    }, async (request, reply) => {
      requireAdmin(request);
      const id = request.params.id;
      const updated = await db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('inbound_raw')
          .set({ status: 'pending', quarantine_reason: null })
          .where('id', '=', id)
          .where('status', '=', 'quarantined')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return false;
        await enqueueJob(trx, PROCESS_INBOUND_JOB, { raw_id: id });
        return true;
      });
      if (updated) return reply.code(202).send({ id, status: 'pending' as const });
      const exists = await db.selectFrom('inbound_raw').select('id').where('id', '=', id).executeTakeFirst();
      return exists
        ? reply.code(409).send({ error: 'conflict', message: 'only a quarantined message can be re-processed' })
        : reply.code(404).send(notFound('inbound message'));
    });
  };
}
