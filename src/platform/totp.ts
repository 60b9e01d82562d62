import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

// The name authenticator apps show above the code, for agents and customers alike.
const ISSUER = 'walletdesk';
// One 30-second step either side, for phones whose clocks drift (RFC 6238 §5.2 recommends at most one).
const TOLERANCE_SECONDS = 30;
const STEP_SECONDS = 30;

export type TotpEnrolment = { secret: string; otpauth_url: string; qr_svg: string };

/** A new secret with the otpauth:// URL and QR code (SVG) an authenticator app scans; `label` is the account's email. */
export async function newTotpEnrolment(label: string): Promise<TotpEnrolment> {
  const secret = generateSecret();
  const otpauthUrl = generateURI({ issuer: ISSUER, label, secret });
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauth_url: otpauthUrl, qr_svg: qrSvg };
}

/**
 * The time step a code matches, or undefined. Steps at or before `afterStep` are refused, so a code that was
 * seen once — by us, or by someone looking over a shoulder — never works again. The caller must still claim the
 * step with a conditional update, or two requests racing with one code could both pass.
 */
export async function matchTotpCode(secret: string, code: string, afterStep: number | null, now = Date.now()): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  // A step claimed ahead of our clock (the clock stepped back, or another host runs fast) leaves no step a code
  // could match; otplib throws in that case rather than answering no.
  const latestStep = Math.floor((now / 1000 + TOLERANCE_SECONDS) / STEP_SECONDS);
  if (afterStep !== null && afterStep >= latestStep) return undefined;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
