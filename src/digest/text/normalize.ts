/**
 * Vietnamese normalization: NFC, one tone placement, and the matching and
 * search forms the rest of the core compares text in.
 *
 * Vietnamese text arrives in two spellings of the same word: the "old" tone
 * placement ("hoà", "khoẻ", "thuỷ", "uỷ ban") and the "new" one ("hòa",
 * "khỏe", "thủy", "ủy ban"). Both are correct and both are common, so any
 * comparison (keywords, dedup, ROUGE, grouping) must see them as one word.
 *
 * Canonical placement chosen here: the NEW one (the 2018 Ministry of
 * Education rule, used by most outlets today). It only differs for the open
 * diphthongs "oa", "oe" and "uy" with no final consonant: the tone goes on
 * the first vowel ("hòa", "khỏe", "thủy", "lòa", "tòa", "ủy"). Everything
 * else is the same in both styles and left alone: syllables with a final
 * consonant ("hoàng", "toán", "huyện"), and "qu"/"gi" words where the "u"/"i"
 * belongs to the consonant ("quý", "quà", "quỳnh" stay as they are).
 */

/** Precomposed a/e/y carrying a tone (the second vowel of an old-style "oà", "oẻ", "uỷ"). */
const TONED_SECOND = 'àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ';
/** Letters, as far as syllable boundaries go: Latin with Vietnamese precomposed (input is NFC), Greek/Cyrillic. */
const LETTER_CLASS = 'a-zA-Z\\u00c0-\\u024f\\u0370-\\u04ff\\u1e00-\\u1eff';
/**
 * o/u followed by a toned a/e/y that ends the syllable. Precomposed matching
 * (no NFD round trip) because this runs on every sentence the core reads.
 */
const OLD_TONE_RE = new RegExp(`([oOuU])([${TONED_SECOND}])(?![${LETTER_CLASS}])`, 'g');
const MOVED = new Map<string, [string, string]>();
for (const second of TONED_SECOND) {
  const d = second.normalize('NFD');
  const base = d[0] ?? '';
  const tone = d.slice(1);
  for (const first of 'oOuU') {
    if ((first === 'o' || first === 'O') && !/[aAeE]/.test(base)) continue;
    if ((first === 'u' || first === 'U') && !/[yY]/.test(base)) continue;
    MOVED.set(first + second, [(first + tone).normalize('NFC'), base]);
  }
}
const SPACE_RE = /\s+/g;
const SYLLABLE_RE = new RegExp(`\\d+(?:[.,]\\d+)*|[0-9${LETTER_CLASS}]+`, 'g');

/** Unicode NFC: the only form stored or compared in the core. */
export function nfc(s: string): string {
  return s.normalize('NFC');
}

/** NFC, and old-style tone placement rewritten to the new style ("hoà" → "hòa", "thuỷ" → "thủy"). */
export function unifyTones(s: string): string {
  const n = s.normalize('NFC');
  return n.replace(OLD_TONE_RE, (m: string, _o: string, _v: string, offset: number) => {
    const prev = n[offset - 1];
    // "quý", "quà": the u belongs to "qu"; the tone is already where both styles put it.
    if (prev === 'q' || prev === 'Q') return m;
    const moved = MOVED.get(m);
    return moved ? moved[0] + moved[1] : m;
  });
}

/** The matching form: unified tones, lowercase, whitespace collapsed and trimmed. Diacritics kept. */
export function matchKey(s: string): string {
  return unifyTones(s).toLowerCase().replace(SPACE_RE, ' ').trim();
}

/** The search form: `matchKey` with every diacritic removed and đ → d ("Ngập úng" → "ngap ung"). */
export function foldDiacritics(s: string): string {
  return matchKey(s)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}

/**
 * Lowercase syllable tokens (letters/digits) in matching form, for ROUGE,
 * shingles and overlap. A number keeps its inner separators ("10.027", "102,9")
 * so it stays one token.
 */
export function syllables(s: string): string[] {
  return unifyTones(s).toLowerCase().match(SYLLABLE_RE) ?? [];
}
