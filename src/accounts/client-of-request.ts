import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import geoip from 'geoip-lite';
import UAParser from 'ua-parser-js';
import { credentialCookie, readCookie } from '../platform/http/cookies.ts';
import { sha256Hex } from '../platform/storage/blobs.ts';
import { nameFitForMail } from '../tickets/name-fit-for-mail.ts';

const DEVICE_COOKIE = 'wd_device';
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
const TWO_YEARS_SECONDS = 2 * 365 * 24 * 3600;

export type ClientLocation = { country: string | null; city: string | null; latitude: number | null; longitude: number | null };

/** Who is on the other end of a sign-in: kept in login activity and sessions, read by the unusual-login rules. */
export type RequestClient = ClientLocation & {
  ip: string;
  userAgent: string | null;
  /** For people: "Chrome 130 on Windows". */
  device: string;
  /** Recognises the browser again (new-device rule); never the wd_device value itself. */
  deviceHash: string;
};

/** Approximate place of an IP from geoip-lite's offline database; private and unknown addresses give nulls. */
export function locate(ip: string): ClientLocation {
  const found = geoip.lookup(ip);
  if (!found) return { country: null, city: null, latitude: null, longitude: null };
  return { country: found.country || null, city: found.city || null, latitude: found.ll?.[0] ?? null, longitude: found.ll?.[1] ?? null };
}

/**
 * "Chrome 120 on Android": printed in security mail under the anti-phishing phrase, so only words that read as a
 * product name get in. The user agent is the client's to choose, and UAParser copies some parts of it (a phone's
 * model) as they stand: "URGENT unlock at https://evil.example" must not reach a mail that looks like ours.
 */
export function deviceLabel(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const ua = UAParser(userAgent);
  const browser = [productName(ua.browser.name), productName(ua.browser.major)].filter(Boolean).join(' ');
  const os = productName(ua.os.name) ?? productName(ua.device.model);
  if (browser && os) return `${browser} on ${os}`;
  return browser || os || 'Unknown device';
}

const PRODUCT_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._+-]{0,31}$/u;

/** A part UAParser gave, when it reads as a product name ("Chrome", "120", "Mac OS", "SM-G975F"); else undefined. */
export function productName(part: string | undefined): string | undefined {
  if (!part || !PRODUCT_NAME.test(part)) return undefined;
  return nameFitForMail(part) ?? undefined;
}

/**
 * Gives a browser its long-lived random wd_device cookie when it has none. GET /csrf does this, and every page
 * fetches that before signing in, so a browser's first sign-in already carries the cookie.
 */
export function ensureDeviceCookie(request: FastifyRequest, reply: FastifyReply, secure: boolean): void {
  const current = readCookie(request.headers.cookie, DEVICE_COOKIE);
  if (current && DEVICE_ID.test(current)) return;
  reply.header('set-cookie', credentialCookie(DEVICE_COOKIE, randomBytes(16).toString('base64url'), { maxAgeSeconds: TWO_YEARS_SECONDS, secure }));
}

/** The request's client; a client that keeps no wd_device cookie (a script) is recognised by its user agent. */
export function clientOf(request: FastifyRequest): RequestClient {
  const userAgent = request.headers['user-agent']?.slice(0, 400) ?? null;
  const deviceId = readCookie(request.headers.cookie, DEVICE_COOKIE);
  return {
    ip: request.ip,
    userAgent,
    device: deviceLabel(userAgent),
    deviceHash: sha256Hex(deviceId && DEVICE_ID.test(deviceId) ? `device\0${deviceId}` : `ua\0${userAgent ?? ''}`),
    ...locate(request.ip),
  };
}
