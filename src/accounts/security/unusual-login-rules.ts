/**
 * The unusual-login rules, pure: given this sign-in and what came before it, which rules it breaks. The database
 * side (assess-login.ts) gathers the history; keeping the rules apart lets each one be tested on its own.
 */

export type FlagReason = 'new_device' | 'new_country' | 'impossible_travel' | 'failure_burst';

export type SignInPlace = { at: number; country: string | null; latitude: number | null; longitude: number | null; deviceHash: string };

export type SignInHistory = {
  /** Earlier successful sign-ins of the account (any order). */
  successes: SignInPlace[];
  /** Failed attempts on the account in the hour before this sign-in. */
  failuresLastHour: number;
};

/** Faster than an airliner: nobody signs in from both places in person. */
export const MAX_TRAVEL_KMH = 1000;
/**
 * City-level GeoIP puts two addresses of one metropolitan area tens of kilometres apart; below this distance a
 * quick second sign-in is the same place, not travel.
 */
export const GEOIP_UNCERTAINTY_KM = 100;
export const FAILURE_BURST = 3;

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance by the haversine formula. */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function isNewDevice(current: SignInPlace, history: SignInHistory): boolean {
  return !history.successes.some((s) => s.deviceHash === current.deviceHash);
}

/** An unknown country (a private address, a GeoIP miss) is no evidence either way. */
export function isNewCountry(current: SignInPlace, history: SignInHistory): boolean {
  if (!current.country) return false;
  return !history.successes.some((s) => s.country === current.country);
}

/** Compared with the latest earlier sign-in whose place is known. */
export function isImpossibleTravel(current: SignInPlace, history: SignInHistory): boolean {
  const { latitude, longitude } = current;
  if (latitude === null || longitude === null) return false;
  let previous: { at: number; latitude: number; longitude: number } | undefined;
  for (const s of history.successes) {
    if (s.latitude === null || s.longitude === null || s.at > current.at) continue;
    if (!previous || s.at > previous.at) previous = { at: s.at, latitude: s.latitude, longitude: s.longitude };
  }
  if (!previous) return false;
  const km = distanceKm({ latitude, longitude }, previous);
  if (km < GEOIP_UNCERTAINTY_KM) return false;
  const hours = (current.at - previous.at) / 3_600_000;
  return hours <= 0 || km / hours > MAX_TRAVEL_KMH;
}

export function isFailureBurst(history: SignInHistory): boolean {
  return history.failuresLastHour >= FAILURE_BURST;
}

/** Every rule this sign-in breaks; an account's first sign-in has nothing to compare with and is never flagged. */
export function unusualLoginReasons(current: SignInPlace, history: SignInHistory): FlagReason[] {
  if (history.successes.length === 0) return [];
  const reasons: FlagReason[] = [];
  if (isNewDevice(current, history)) reasons.push('new_device');
  if (isNewCountry(current, history)) reasons.push('new_country');
  if (isImpossibleTravel(current, history)) reasons.push('impossible_travel');
  if (isFailureBurst(history)) reasons.push('failure_burst');
  return reasons;
}
