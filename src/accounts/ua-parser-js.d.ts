// ua-parser-js v1 ships no types; this is the part of its API walletdesk uses.
declare module 'ua-parser-js' {
  type Named = { name?: string; version?: string };
  export type UAResult = { browser: Named & { major?: string }; os: Named; device: { vendor?: string; model?: string; type?: string } };
  export default function UAParser(userAgent?: string): UAResult;
}
