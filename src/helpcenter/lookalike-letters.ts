/**
 * Letters from other alphabets that render like Latin ones (a subset of Unicode's confusables.txt, UTS #39): the
 * ones phishers use in domain names and mailbox names, e.g. Cyrillic "е" in "wallеtdesk" or "ѕ" in "ѕupport".
 */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', с: 'c', ԁ: 'd', е: 'e', һ: 'h', і: 'i', ј: 'j', к: 'k', ӏ: 'l', м: 'm', н: 'h', о: 'o', р: 'p',
  ԛ: 'q', ѕ: 's', т: 't', у: 'y', ѵ: 'v', ԝ: 'w', х: 'x', ү: 'y', ё: 'e', ї: 'i', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  // Latin look-alikes outside ASCII
  ı: 'i', ȷ: 'j', ł: 'l', ǀ: 'l', ß: 'ss',
  // Armenian
  օ: 'o', ս: 'u', հ: 'h', ո: 'n',
};

/** The ASCII text a reader would believe they see; accents are dropped too ("wàlletdesk" → "walletdesk"). */
export function skeleton(text: string): string {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  for (const ch of folded) out += LOOKALIKES[ch] ?? ch;
  // Digits standing in for letters: "wa11etdesk", "supp0rt".
  return out.replace(/0/g, 'o').replace(/[1|]/g, 'l');
}

/** Whether the text mixes in letters that are not plain ASCII (what a homoglyph attack needs). */
export function hasNonAscii(text: string): boolean {
  return /[^\x00-\x7f]/.test(text);
}
