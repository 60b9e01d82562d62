/**
 * The matches of a global pattern, like String.prototype.matchAll but run on the pattern itself: matchAll builds a
 * fresh copy of the RegExp on every call, and with some sixty triage rules over three sections of every message,
 * that copying was half the cost of triage. The pattern's lastIndex is reset before and after, so iterations
 * never see each other's state; they must not be nested on one pattern (triage never does).
 */
export function* matchesOf(re: RegExp, text: string): Generator<RegExpExecArray> {
  if (!re.global) throw new TypeError(`matchesOf needs a global pattern: ${re.source.slice(0, 40)}`);
  re.lastIndex = 0;
  try {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      yield m;
      // An empty match would be found again at the same place forever.
      if (m[0] === '') re.lastIndex++;
    }
  } finally {
    re.lastIndex = 0;
  }
}
