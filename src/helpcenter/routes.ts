import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { detectLanguage } from '../tickets/detect-language.ts';
import { receiveMessage } from '../tickets/intake.ts';
import type { TicketSettings } from '../tickets/settings.ts';
import { verifyStatusToken } from '../tickets/status-link.ts';
import { checkChannel, officialChannelsOf } from './check-channel.ts';
import { contactMessage, FormError, MAX_FORM_BYTES, readContactForm, storeUploads, validateContactFields } from './contact-form.ts';
import { HELP_LOCALES, loadArticles, type Article, type HelpLocale } from './load-articles.ts';
import { admitAttempt, clientKey, rateLimitWait, recordRateEvent, type RateLimit } from './rate-limit.ts';
import { renderMarkdown } from './render-markdown.ts';
import { ArticleIndex } from './search-articles.ts';
import { statusPage, ticketForLink } from './status-page.ts';

export type HelpSettings = {
  tickets: TicketSettings;
  /** Further official addresses (WALLETDESK_SUPPORT_ALIASES). */
  aliases: string[];
  contactLimitPer10Min: number;
};

const TEN_MINUTES = 600_000;
const errorJson = z.object({ error: z.string(), message: z.string() });
const localeQuery = z.enum(HELP_LOCALES).optional();
const articleItem = z.object({ slug: z.string(), title: z.string(), summary: z.string() });
const statusParams = z.object({ token: z.string().max(200) });
// Public routes: no bearer token in the OpenAPI document either.
const PUBLIC = { security: [] as Record<string, string[]>[], tags: ['help center'] };

/** The public help center under /api/v1/help: articles and search, the channel checker, the contact form, status pages. */
export function helpRoutes(db: Db, settings: HelpSettings): FastifyPluginAsyncZod {
  const articles = loadArticles();
  const index = new ArticleIndex(articles);
  const official = officialChannelsOf(settings.tickets.deskAddress, settings.aliases, settings.tickets.publicUrl);
  const rendered = new Map<string, string>();
  const contactLimit: RateLimit = { bucket: 'contact-form', limit: settings.contactLimitPer10Min, windowMs: TEN_MINUTES };
  const replyLimit: RateLimit = { bucket: 'status-reply', limit: 20, windowMs: TEN_MINUTES };

  // The address in articles is the operator's, filled in when the page is served, so one set of files fits every desk.
  const withSettings = (text: string) =>
    text.replaceAll('{{support_address}}', settings.tickets.deskAddress).replaceAll('{{public_url}}', settings.tickets.publicUrl);
  const item = (a: Article) => ({ slug: a.slug, title: withSettings(a.title), summary: withSettings(a.summary) });
  const htmlOf = (a: Article) => {
    const key = `${a.locale}/${a.slug}`;
    let html = rendered.get(key);
    if (html === undefined) rendered.set(key, (html = renderMarkdown(withSettings(a.body))));
    return html;
  };

  async function overLimit(request: FastifyRequest, reply: FastifyReply, rule: RateLimit, opts: { countNow?: boolean } = {}): Promise<boolean> {
    const wait = opts.countNow ? await admitAttempt(db, rule, clientKey(request.ip)) : await rateLimitWait(db, rule, clientKey(request.ip));
    if (wait <= 0) return false;
    const seconds = Math.ceil(wait / 1000);
    void reply.header('Retry-After', String(seconds)).code(429).send({ error: 'rate_limited', message: `too many submissions; try again in ${Math.ceil(seconds / 60)} minutes` });
    return true;
  }

  return async (app) => {
    // The browser sends files as multipart/form-data; fastify only parses JSON by itself. The body is read whole (its
    // size capped by the route's bodyLimit) and split with the platform's own FormData parser.
    app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.get('/config', {
      schema: { ...PUBLIC, summary: 'The official support address, its aliases and the public URL', response: { 200: z.object({ support_address: z.string(), aliases: z.array(z.string()), public_url: z.string() }) } },
    }, async () => ({ support_address: settings.tickets.deskAddress, aliases: settings.aliases, public_url: settings.tickets.publicUrl }));

    app.get('/articles', {
      schema: { ...PUBLIC, summary: 'Help articles in one language', querystring: z.object({ locale: localeQuery }), response: { 200: z.object({ locale: z.enum(HELP_LOCALES), items: z.array(articleItem) }) } },
    }, async (request) => {
      const locale: HelpLocale = request.query.locale ?? 'en';
      return { locale, items: articles.filter((a) => a.locale === locale).map(item) };
    });

    app.get('/articles/:slug', {
      schema: {
        ...PUBLIC,
        summary: 'One help article, rendered to sanitised HTML',
        params: z.object({ slug: z.string().max(100) }),
        querystring: z.object({ locale: localeQuery }),
        response: { 200: z.object({ slug: z.string(), title: z.string(), summary: z.string(), html: z.string(), locale: z.enum(HELP_LOCALES) }), 404: errorJson },
      },
    }, async (request, reply) => {
      const locale: HelpLocale = request.query.locale ?? 'en';
      const article = articles.find((a) => a.slug === request.params.slug && a.locale === locale);
      if (!article) return reply.code(404).send({ error: 'not_found', message: 'article not found' });
      return { ...item(article), html: htmlOf(article), locale };
    });

    app.get('/search', {
      schema: {
        ...PUBLIC,
        summary: 'Search the help articles (Chinese and English); without a locale, the language of the query',
        querystring: z.object({ q: z.string().trim().min(1).max(200), locale: localeQuery }),
        response: { 200: z.object({ locale: z.enum(HELP_LOCALES), items: z.array(articleItem.extend({ score: z.number() })) }) },
      },
    }, async (request) => {
      const locale: HelpLocale = request.query.locale ?? detectLanguage(request.query.q);
      return { locale, items: index.search(request.query.q, locale).map((h) => ({ ...item(h.article), score: Math.round(h.score * 100) / 100 })) };
    });

    app.post('/check-channel', {
      schema: {
        ...PUBLIC,
        summary: 'Is this email address, domain or link really ours?',
        body: z.object({ input: z.string().max(4096) }),
        response: {
          200: z.object({
            verdict: z.enum(['official', 'not_official', 'invalid']),
            kind: z.enum(['email', 'domain', 'url']),
            normalized: z.string(),
            reason: z.string(),
            imitates: z.string().nullable(),
            advice_en: z.string(),
            advice_zh: z.string(),
          }),
        },
      },
    }, async (request) => checkChannel(request.body.input, official));

    app.post('/contact', {
      bodyLimit: MAX_FORM_BYTES,
      // Every post counts, valid or not, and before its body is read: bad fields, unreadable bodies and oversized
      // files cost us the parsing and must not be a free way to make us do it. onRequest runs before the parser.
      onRequest: async (request, reply) => {
        if (await overLimit(request, reply, contactLimit, { countNow: true })) return reply;
      },
      schema: {
        ...PUBLIC,
        summary: 'Contact form (multipart/form-data: email, name?, subject, description, locale?, files up to 5 × 10 MB): opens a ticket',
        response: { 201: z.object({ reference: z.string(), status_link_sent: z.boolean() }), 400: errorJson, 413: errorJson, 429: errorJson },
      },
    }, async (request, reply) => {
      try {
        const form = await readContactForm(request.body, request.headers['content-type']);
        const fields = validateContactFields(form.fields);
        const upload = await storeUploads(db, form.files);
        const result = await receiveMessage(db, settings.tickets, contactMessage(fields, settings.tickets.deskAddress, upload));
        const ticket = await db.selectFrom('tickets').select('reference').where('id', '=', result.ticketId).executeTakeFirstOrThrow();
        // The status link goes only to the mailbox, in the acknowledgement: the form proves nobody owns the address
        // typed into it, and the page shows what agents answer to that address.
        return reply.code(201).send({ reference: ticket.reference ?? '', status_link_sent: result.acknowledged });
      } catch (err) {
        if (err instanceof FormError) return reply.code(err.status).send({ error: err.status === 413 ? 'payload_too_large' : 'bad_request', message: err.message });
        throw err;
      }
    });

    app.get('/status/:token', {
      schema: {
        ...PUBLIC,
        summary: "A ticket's status page, reached by the signed link in its acknowledgement",
        params: statusParams,
        response: {
          200: z.object({
            reference: z.string(),
            subject: z.string(),
            status: z.string(),
            messages: z.array(z.object({
              direction: z.enum(['inbound', 'outbound']),
              from_name: z.string().nullable(),
              text: z.string(),
              created_at: z.string(),
              attachments: z.array(z.object({ filename: z.string(), size: z.number() })),
            })),
          }),
          404: errorJson,
        },
      },
    }, async (request, reply) => {
      const claims = verifyStatusToken(settings.tickets.statusLinkSecret, request.params.token);
      const page = claims && (await statusPage(db, claims));
      return page ?? reply.code(404).send(linkNotFound);
    });

    app.post('/status/:token/replies', {
      schema: {
        ...PUBLIC,
        summary: 'Answer a ticket from its status page',
        params: statusParams,
        body: z.object({ text: z.string().trim().min(1).max(20_000) }),
        response: { 201: z.object({ reference: z.string(), new_ticket: z.boolean() }), 404: errorJson, 429: errorJson },
      },
    }, async (request, reply) => {
      const claims = verifyStatusToken(settings.tickets.statusLinkSecret, request.params.token);
      const ticket = claims && (await ticketForLink(db, claims));
      if (!ticket) return reply.code(404).send(linkNotFound);
      if (await overLimit(request, reply, replyLimit)) return reply;
      const text = request.body.text;
      const result = await receiveMessage(db, settings.tickets, {
        ...contactMessage(
          { email: ticket.email, name: ticket.name ?? undefined, subject: `Re: ${ticket.subject}`, description: text },
          settings.tickets.deskAddress,
          { attachments: [], texts: [] },
        ),
        ticketId: ticket.id,
      });
      await recordRateEvent(db, replyLimit, clientKey(request.ip));
      const landed = await db.selectFrom('tickets').select('reference').where('id', '=', result.ticketId).executeTakeFirstOrThrow();
      return reply.code(201).send({ reference: landed.reference ?? '', new_ticket: result.newTicket });
    });
  };
}

// Tampered, expired, or made for someone else: one answer for all, so a guesser learns nothing.
const linkNotFound = { error: 'not_found', message: 'this status link is not valid (it may have expired)' };
