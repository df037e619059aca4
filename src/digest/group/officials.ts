/**
 * Officials' names: the person named right after an office title ("Chủ tịch
 * UBND TP Hà Nội Nguyễn Đức Chung", "Thứ trưởng Bộ GD&ĐT Nguyễn Thị Nghĩa")
 * or right before one ("ông Nguyễn Hữu Độ, Giám đốc Sở…"). A city's chairman,
 * a department's director, a minister speak in many of its stories on one
 * day (one meeting yields several), so, like the name of an institution,
 * sharing one says nothing about the event. The people an event is about
 * (a victim, a suspect, the general in an obituary) have no office title
 * before them and stay evidence.
 */

/**
 * Civil offices (lowercase; a leading capital is matched too). Military and
 * police ranks are left out: "Thượng tướng X" is who an obituary is about.
 */
const OFFICES = [
  'phó chủ tịch',
  'chủ tịch',
  'phó bí thư',
  'bí thư',
  'phó giám đốc',
  'giám đốc',
  'tổng giám đốc',
  'phó thủ tướng',
  'thủ tướng',
  'bộ trưởng',
  'thứ trưởng',
  'chủ nhiệm',
  'phó chủ nhiệm',
  'tổng cục trưởng',
  'cục trưởng',
  'phó cục trưởng',
  'vụ trưởng',
  'viện trưởng',
  'chánh văn phòng',
  'chánh thanh tra',
  'chánh án',
  'trưởng ban',
  'phó trưởng ban',
  'trưởng phòng',
  'trưởng công an',
  'phó trưởng công an',
  'người phát ngôn',
];

/** Common Vietnamese family names: a personal name starts with one. */
const SURNAMES = new Set(
  (
    'nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đào đoàn ' +
    'trịnh mai trương lâm lương cao tô tạ chu quách thái kiều lại lưu triệu vương tăng phùng ' +
    'nghiêm khuất chử mạc từ hứa lò nông giang doãn thân tôn hầu lục hàn quan châu diệp ' +
    'kim tống bạch ninh kha lã cù đàm nhữ đồng hà'
  ).split(' '),
);

const CAP = String.raw`\p{Lu}(?:[\p{Lu}&]*\p{Lu}|\p{Ll}*)`;
/** A capitalised run ("UBND TP Hà Nội Nguyễn Đức Chung"), "TP.Hà Nội" kept whole. */
const RUN = `${CAP}(?:(?: |\\.)${CAP})*`;
const office = (o: string): string => `[${o[0] ?? ''}${(o[0] ?? '').toUpperCase()}]${o.slice(1)}`;
const OFFICE_ALT = OFFICES.slice()
  .sort((a, b) => b.length - a.length)
  .map(office)
  .join('|');
/** An office title, not inside a longer word. */
const OFFICE_RE = new RegExp(`(?<!\\p{L})(?:${OFFICE_ALT})(?!\\p{L})`, 'gu');
const RUN_RE = new RegExp(`(?<!\\p{L})${RUN}`, 'gu');
/**
 * A word that makes the capitalised run after it a place's name: wards and
 * streets are named after people ("phường Nguyễn Du"), cities and provinces
 * are not ("Chủ tịch thành phố Nguyễn Văn A" is the chairman).
 */
const PLACE_WORD_BEFORE_RE = /(?<!\p{L})(?<!thành )(?:phường|xã|thị trấn|đường|phố)\s*$/iu;
/** The office's clause ends at a comma, colon, bracket, quote or full stop. */
const CLAUSE_END_RE = /[,;:!?\n"“”()]|\.\s/u;
/** A personal name, then a comma or dash, then an office title: "ông Nguyễn Hữu Độ, Giám đốc Sở…". */
const BEFORE_RE = new RegExp(`(${RUN})\\s*(?:,|-|–)\\s*(?:${OFFICE_ALT})(?!\\p{L})`, 'gu');

/**
 * The personal name that a capitalised run ends with: from the first family
 * name whose tail is two to four syllables long ("Hà Nội Nguyễn Đức Chung" →
 * "nguyễn đức chung"), or none ("UBND TP", "Sở GD&ĐT").
 */
function personalName(
  run: string,
  isPlace: (name: string) => boolean,
  afterPlaceWord = false,
): string | null {
  const words = run.toLowerCase().replace(/\./g, ' ').split(/\s+/).filter(Boolean);
  // "phường Nguyễn Du", "xã Đồng Tâm": a run after a place word opens with the place's name.
  for (let i = afterPlaceWord ? 2 : 0; i < words.length; i++) {
    const rest = words.length - i;
    if (rest < 2 || rest > 4 || !SURNAMES.has(words[i] as string)) continue;
    const name = words.slice(i).join(' ');
    if (!isPlace(name)) return name;
  }
  return null;
}

/** Officials' personal names in `text` (lowercase, as signature names are keyed). */
export function officialNames(text: string, isPlace: (name: string) => boolean): Set<string> {
  const out = new Set<string>();
  // After the title, within its clause: the first run that ends with a
  // personal name ("Bộ trưởng Bộ Giáo dục và Đào tạo Phùng Xuân Nhạ").
  for (const m of text.matchAll(OFFICE_RE)) {
    let clause = text.slice(m.index + m[0].length, m.index + m[0].length + 80);
    const end = clause.search(CLAUSE_END_RE);
    if (end >= 0) clause = clause.slice(0, end);
    for (const r of clause.matchAll(RUN_RE)) {
      const name = personalName(r[0], isPlace, PLACE_WORD_BEFORE_RE.test(clause.slice(0, r.index)));
      if (name) {
        out.add(name);
        break;
      }
    }
  }
  for (const m of text.matchAll(BEFORE_RE)) {
    const name = personalName(m[1] ?? '', isPlace);
    if (name) out.add(name);
  }
  return out;
}

/** Whether signature name `value` is `official`, alone or ending a longer run ("tp hà nội nguyễn đức chung"). */
export function namesOfficial(value: string, official: string): boolean {
  return value === official || value.endsWith(` ${official}`);
}

/**
 * An office and who holds it, as a headline names its speaker: "Chủ tịch UBND
 * TP", "Chủ tịch thành phố Hà Nội", "Bộ trưởng Nguyễn Văn A".
 */
const HOLDER_RE = new RegExp(
  `(?<!\\p{L})(?:${OFFICE_ALT})(?!\\p{L})(?:\\s+(?:thành phố|tỉnh|quận|huyện|phường|xã|nước))?(?:\\s+${RUN})?`,
  'gu',
);

/**
 * A headline's parts without its offices and their holders: what it is
 * about, not who speaks. Two stories raised by one chairman at one meeting
 * both lead with him; the same story told twice shares its subject.
 */
export function headlineSubject(title: string): string[] {
  const parts = title.split(HOLDER_RE).filter((part) => part.trim() !== '');
  return parts.length > 0 ? parts : [title];
}
