import { describe, expect, it } from 'vitest';
import { distanceKm, unusualLoginReasons, type SignInHistory, type SignInPlace } from './unusual-login-rules.ts';

const SHANGHAI = { country: 'CN', latitude: 31.2304, longitude: 121.4737 };
const SHANGHAI_PUDONG = { country: 'CN', latitude: 31.2215, longitude: 121.5447 };
const FRANKFURT = { country: 'DE', latitude: 50.1109, longitude: 8.6821 };
const BEIJING = { country: 'CN', latitude: 39.9042, longitude: 116.4074 };
const T0 = Date.UTC(2026, 10, 20, 8, 0);
const MINUTE = 60_000;

function signIn(place: { country: string | null; latitude: number | null; longitude: number | null }, at: number, deviceHash = 'laptop'): SignInPlace {
  return { ...place, at, deviceHash };
}
function history(successes: SignInPlace[], failuresLastHour = 0): SignInHistory {
  return { successes, failuresLastHour };
}

describe('unusual-login rules', () => {
  it('measures Shanghai to Frankfurt as about 8,800 km', () => {
    expect(distanceKm(SHANGHAI, FRANKFURT)).toBeGreaterThan(8700);
    expect(distanceKm(SHANGHAI, FRANKFURT)).toBeLessThan(8900);
  });

  it('never flags the first sign-in of an account, whatever it looks like', () => {
    expect(unusualLoginReasons(signIn(FRANKFURT, T0, 'new'), history([], 10))).toEqual([]);
  });

  it('a known device in a known place is not unusual', () => {
    const h = history([signIn(SHANGHAI, T0)]);
    expect(unusualLoginReasons(signIn(SHANGHAI, T0 + 60 * MINUTE), h)).toEqual([]);
  });

  it('the same city with a new browser is new_device only', () => {
    const h = history([signIn(SHANGHAI, T0)]);
    expect(unusualLoginReasons(signIn(SHANGHAI_PUDONG, T0 + 5 * MINUTE, 'phone'), h)).toEqual(['new_device']);
  });

  it('a device seen on any earlier successful sign-in is known', () => {
    const h = history([signIn(SHANGHAI, T0, 'phone'), signIn(SHANGHAI, T0 + MINUTE, 'laptop')]);
    expect(unusualLoginReasons(signIn(SHANGHAI, T0 + 2 * MINUTE, 'phone'), h)).toEqual([]);
  });

  it('Shanghai then Frankfurt 30 minutes later is impossible travel in a new country', () => {
    const h = history([signIn(SHANGHAI, T0)]);
    expect(unusualLoginReasons(signIn(FRANKFURT, T0 + 30 * MINUTE), h)).toEqual(['new_country', 'impossible_travel']);
  });

  it('Shanghai then Frankfurt two days later is a new country but possible travel', () => {
    const h = history([signIn(SHANGHAI, T0)]);
    expect(unusualLoginReasons(signIn(FRANKFURT, T0 + 48 * 60 * MINUTE), h)).toEqual(['new_country']);
  });

  it('Shanghai then Beijing (1,070 km) within the hour is impossible travel inside a known country', () => {
    const h = history([signIn(SHANGHAI, T0)]);
    expect(unusualLoginReasons(signIn(BEIJING, T0 + 50 * MINUTE), h)).toEqual(['impossible_travel']);
    // Two hours is a flight: about 535 km/h.
    expect(unusualLoginReasons(signIn(BEIJING, T0 + 120 * MINUTE), h)).toEqual([]);
  });

  it('travel is measured from the latest earlier sign-in with a known place', () => {
    const h = history([
      signIn(SHANGHAI, T0),
      signIn(FRANKFURT, T0 + 24 * 60 * MINUTE),
      signIn({ country: null, latitude: null, longitude: null }, T0 + 25 * 60 * MINUTE),
    ]);
    // From Frankfurt (2 hours earlier), not from Shanghai (a day earlier).
    expect(unusualLoginReasons(signIn(SHANGHAI, T0 + 26 * 60 * MINUTE), h)).toEqual(['impossible_travel']);
  });

  it('an unknown place (private address, GeoIP miss) breaks neither the country nor the travel rule', () => {
    const h = history([signIn(SHANGHAI, T0)]);
    expect(unusualLoginReasons(signIn({ country: null, latitude: null, longitude: null }, T0 + MINUTE), h)).toEqual([]);
  });

  it('two sign-ins at the same instant far apart are impossible travel', () => {
    const h = history([signIn(SHANGHAI, T0)]);
    expect(unusualLoginReasons(signIn(FRANKFURT, T0), h)).toContain('impossible_travel');
  });

  it('three failures in the hour before make a failure_burst; two do not', () => {
    const h = [signIn(SHANGHAI, T0)];
    expect(unusualLoginReasons(signIn(SHANGHAI, T0 + MINUTE), history(h, 3))).toEqual(['failure_burst']);
    expect(unusualLoginReasons(signIn(SHANGHAI, T0 + MINUTE), history(h, 2))).toEqual([]);
  });
});
