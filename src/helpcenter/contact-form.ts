import { z } from 'zod';
import { putBlob, sha256Hex } from '../platform/storage/blobs.ts';
import type { Db } from '../platform/db/connect.ts';
import type { InboundAttachment, InboundMessage } from '../tickets/inbound-message.ts';
import { sniffUpload } from './sniff-upload.ts';

export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Five full files plus the text fields and multipart framing. */
export const MAX_FORM_BYTES = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024;

const noControls = (v: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v);
const oneLine = z.string().trim().transform((v) => v.replace(/[\r\n\t]+/g, ' ')).refine(noControls, 'must not contain control characters');

export const contactFields = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email({ pattern: z.regexes.unicodeEmail, error: 'is not an email address' })),
  name: oneLine.pipe(z.string().max(200)).optional(),
  subject: oneLine.pipe(z.string().min(1, 'is required').max(200)),
  description: z.string().trim().min(1, 'is required').max(20_000).refine(noControls, 'must not contain control characters'),
  locale: z.enum(['zh-CN', 'en']).optional(),
});
export type ContactFields = z.infer<typeof contactFields>;

/** A client mistake in the form: the message names the field, and the status says whether size was the problem. */
export class FormError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

export type ContactUpload = { field: string; filename: string; data: Uint8Array };

/** Reads the form (multipart, or JSON without files) into fields and files; no judgement yet. */
export async function readContactForm(body: unknown, contentType: string | undefined): Promise<{ fields: Record<string, unknown>; files: ContactUpload[] }> {
  if (Buffer.isBuffer(body)) {
    let form: FormData;
    try {
      // A Buffer is a Uint8Array, which fetch bodies accept; only the DOM typings of ArrayBufferLike object.
      form = await new Response(body as unknown as BodyInit, { headers: { 'content-type': contentType ?? '' } }).formData();
    } catch {
      throw new FormError(400, 'body: not a readable multipart/form-data body');
    }
    const fields: Record<string, unknown> = {};
    const files: ContactUpload[] = [];
    for (const [key, value] of form) {
      if (typeof value === 'string') {
        if (!(key in fields)) fields[key] = value;
      } else if (/^files?(\[\])?$/.test(key)) {
        if (files.length >= MAX_FILES) throw new FormError(400, `files: at most ${MAX_FILES} files`);
        if (value.size > MAX_FILE_BYTES) throw new FormError(413, `files[${files.length}] (${safeFilename(value.name)}): larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
        files.push({ field: key, filename: safeFilename(value.name), data: new Uint8Array(await value.arrayBuffer()) });
      } else {
        throw new FormError(400, `${key}: unexpected file field (send files as "files")`);
      }
    }
    return { fields, files };
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) return { fields: body as Record<string, unknown>, files: [] };
  throw new FormError(400, 'body: expected multipart/form-data (or JSON without files)');
}

export function validateContactFields(fields: Record<string, unknown>): ContactFields {
  const parsed = contactFields.safeParse(fields);
  if (parsed.success) return parsed.data;
  throw new FormError(400, parsed.error.issues.map((issue) => {
    const field = issue.path.join('.') || 'body';
    const missing = issue.code === 'invalid_type' && fields[field] === undefined;
    return `${field}: ${missing ? 'is required' : issue.message}`;
  }).join('; '));
}

/** Checks every file by its content and stores the accepted ones; one refused file refuses the form (nothing stored). */
export async function storeUploads(db: Db, files: ContactUpload[]): Promise<{ attachments: InboundAttachment[]; texts: string[] }> {
  const verdicts = files.map((f, i) => ({ f, i, v: sniffUpload(f.data, f.filename) }));
  const refused = verdicts.filter((x) => !x.v.ok);
  if (refused.length > 0) {
    throw new FormError(400, refused.map(({ f, i, v }) => `files[${i}] (${f.filename}): ${v.ok ? '' : v.problem}`).join('; '));
  }
  const attachments: InboundAttachment[] = [];
  const texts: string[] = [];
  for (const { f, v } of verdicts) {
    if (!v.ok) continue;
    attachments.push({
      blobHash: await putBlob(db, f.data),
      filename: f.filename,
      contentType: v.contentType,
      size: f.data.byteLength,
      contentId: null,
      inline: false,
      detectedType: v.contentType,
      quarantineReason: null,
    });
    if (v.text !== null) texts.push(v.text);
  }
  return { attachments, texts };
}

/** The form as the ticket core sees any customer message; a form proves no ownership of the address typed in. */
export function contactMessage(fields: ContactFields, deskAddress: string, upload: { attachments: InboundAttachment[]; texts: string[] }): InboundMessage {
  return {
    channel: 'web',
    from: { address: fields.email, name: fields.name || null },
    to: [{ address: deskAddress, name: null }],
    cc: [],
    subject: fields.subject,
    text: fields.description,
    html: null,
    attachments: upload.attachments,
    externalId: null,
    repliesTo: [],
    contentHash: sha256Hex(`${fields.subject}\u0000${fields.description}\u0000${upload.attachments.map((a) => a.blobHash).join(',')}`),
    rawId: null,
    noAutoReplyReason: null,
    automated: false,
    auth: null,
    unverifiedSender: true,
    attachmentTexts: upload.texts,
    ...(fields.locale ? { locale: fields.locale } : {}),
  };
}

/** A name safe to store and show: no folders, no control or bidi-override characters, not too long. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, 200);
  return clean || 'attachment';
}
