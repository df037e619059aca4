/**
 * The lexicon of Vietnamese units, classifiers and counted nouns that says
 * where a figure phrase ends ("10.027 đảng viên", "15 mét vuông",
 * "1 nữ công nhân"). It is data: `config/figure-units.yaml` overrides the
 * bundled default below, so the core works without any config.
 *
 * Why a lexicon and not "the next two words": Vietnamese nouns are
 * multi-syllable compounds, and cutting after a fixed number of syllables
 * ends a highlight inside one ("1 nữ công" for "1 nữ công nhân", "15 mét"
 * for "15 mét vuông"). A phrase is taken only as far as the lexicon knows
 * it; when it cannot be delimited safely the number stands alone.
 */

export interface FigureUnits {
  /** Multipliers read before a currency or a noun ("3 triệu", "2 tỷ đồng"). */
  multipliers: string[];
  /** Currencies ("đồng", "USD"). */
  currencies: string[];
  /** Measure units, multi-word ones included ("mét vuông", "km/h"). */
  measures: string[];
  /** Classifiers: a whole unit alone ("1.245 ca", "3 chiếc"); a counted noun may follow. */
  classifiers: string[];
  /** Counted nouns, multi-syllable compounds included ("đảng viên", "hộ gia đình"). */
  countedNouns: string[];
  /**
   * One-syllable counted nouns that head compounds ("người" → "người dân",
   * "người lao động"): taken alone only before a boundary word, else the
   * number stands alone.
   */
  compoundHeads: string[];
  /** Words that may stand between a number and its counted noun ("1 nữ công nhân"). */
  modifiers: string[];
  /** Words after which a phrase safely ends (function words, common verbs). */
  boundaries: string[];
}

export const DEFAULT_FIGURE_UNITS: FigureUnits = {
  multipliers: ['nghìn', 'ngàn', 'triệu', 'tỷ', 'tỉ', 'vạn'],
  currencies: [
    'đồng',
    'USD',
    'VNĐ',
    'VND',
    'đ',
    'euro',
    'Euro',
    'EUR',
    'yên',
    'nhân dân tệ',
    'NDT',
    'bảng Anh',
    'won',
    'rúp',
    'baht',
    'đô la Mỹ',
    'đô la',
    'USD/tấn',
    'đồng/kg',
    'đồng/lít',
    'đồng/tháng',
    'đồng/người',
  ],
  measures: [
    'km/h',
    'km/giờ',
    'm/s',
    'km2',
    'km²',
    'm2',
    'm²',
    'm3',
    'm³',
    'km',
    'mm',
    'cm',
    'ha',
    'héc-ta',
    'hecta',
    'kg',
    'tấn',
    'tạ',
    'lít',
    'ml',
    'độ C',
    '°C',
    'độ',
    'giây',
    'phút',
    'giờ',
    'ngày',
    'tuần',
    'tháng',
    'năm',
    'MW',
    'kWh',
    'kW',
    'GW',
    'GB',
    'MB',
    'inch',
    'mét vuông',
    'mét khối',
    'mét',
    'ki-lô-mét vuông',
    'ki-lô-mét',
    'cây số',
    'tuổi',
    'gam',
    'm',
    'g',
  ],
  classifiers: [
    'lần',
    'ca',
    'vụ',
    'lượt',
    'chiếc',
    'cái',
    'con',
    'căn',
    'ngôi',
    'cây',
    'bộ',
    'cuốn',
    'quả',
    'trận',
    'đợt',
    'cuộc',
    'buổi',
    'chuyến',
    'suất',
    'phần',
    'mẫu',
    'loại',
    'lô',
    'ô',
    'gian',
    'tầng',
    'tòa',
  ],
  countedNouns: [
    'người',
    'người dân',
    'người lao động',
    'người bệnh',
    'người chết',
    'người nước ngoài',
    'người cao tuổi',
    'đảng viên',
    'đảng viên mới',
    'đoàn viên',
    'hội viên',
    'công nhân',
    'công nhân viên',
    'học sinh',
    'sinh viên',
    'giáo viên',
    'bác sĩ',
    'bệnh nhân',
    'bệnh nhi',
    'chiến sĩ',
    'cán bộ',
    'công chức',
    'viên chức',
    'đại biểu',
    'cử tri',
    'thí sinh',
    'trẻ',
    'trẻ em',
    'du khách',
    'khách',
    'hành khách',
    'lao động',
    'nạn nhân',
    'đối tượng',
    'bị can',
    'hộ',
    'hộ dân',
    'hộ gia đình',
    'hộ nghèo',
    'hộ cận nghèo',
    'gia đình',
    'doanh nghiệp',
    'công ty',
    'cơ sở',
    'dự án',
    'công trình',
    'trường',
    'trường học',
    'trường hợp',
    'bệnh viện',
    'phòng học',
    'lớp học',
    'căn hộ',
    'căn nhà',
    'ngôi nhà',
    'nhà',
    'nhà ở',
    'tuyến',
    'tuyến phố',
    'tuyến đường',
    'tuyến buýt',
    'tuyến xe buýt',
    'điểm',
    'điểm trường',
    'điểm thi',
    'điểm ngập',
    'xe',
    'xe máy',
    'xe buýt',
    'xe khách',
    'xe tải',
    'xe ô tô',
    'ô tô',
    'phương tiện',
    'cây xanh',
    'lô đất',
    'thửa đất',
    'hồ sơ',
    'đơn',
    'đơn vị',
    'phường',
    'xã',
    'quận',
    'huyện',
    'tỉnh',
    'thôn',
    'tổ dân phố',
    'khu dân cư',
    'khu đô thị',
    'chợ',
    'quốc gia',
    'nước',
    'thành viên',
    'tác phẩm',
    'sản phẩm',
    'hạng mục',
    'gói thầu',
    'giường bệnh',
    'liều vaccine',
    'liều',
    'mẫu xét nghiệm',
    'vụ án',
    'vụ việc',
    'vụ tai nạn',
    'ca mắc',
    'ca mắc mới',
    'ca nhiễm',
    'ca bệnh',
    'ca tử vong',
    'máy bay',
    'tàu',
    'binh sĩ',
    'quân nhân',
    'tập thể',
    'cá nhân',
    'tổ chức',
    'lượt khách',
    'lượt người',
    'lượt xe',
    'việc làm',
    'chỉ tiêu',
    'văn bản',
    'vi phạm',
    'trường hợp vi phạm',
  ],
  compoundHeads: ['người', 'hộ', 'xe', 'nhà', 'tuyến', 'điểm', 'trường', 'khu', 'đơn', 'nước'],
  modifiers: ['nữ', 'nam'],
  boundaries: [
    'và',
    'của',
    'so',
    'với',
    'là',
    'được',
    'đã',
    'đang',
    'sẽ',
    'bị',
    'tại',
    'trong',
    'ở',
    'cho',
    'này',
    'đó',
    'các',
    'những',
    'mới',
    'thì',
    'mà',
    'khi',
    'nên',
    'vì',
    'do',
    'từ',
    'đến',
    'tới',
    'theo',
    'về',
    'trên',
    'dưới',
    'như',
    'cũng',
    'vẫn',
    'còn',
    'có',
    'không',
    'chưa',
    'rất',
    'lại',
    'ra',
    'vào',
    'lên',
    'xuống',
    'hơn',
    'nhất',
    'nữa',
    'hay',
    'hoặc',
    'để',
    'nhưng',
    'gồm',
    'đạt',
    'tăng',
    'giảm',
    'chết',
    'thiệt',
    'tử',
    'mắc',
    'nhiễm',
    'tham',
    'thuộc',
    'trở',
    'trong',
    'sau',
    'trước',
    'phải',
    'cần',
    'đều',
    'chỉ',
    'nằm',
    'làm',
    'tiếp',
  ],
};

/** The lexicon compiled for lookups: words → phrases, longest first. */
export interface CompiledUnits {
  multipliers: Set<string>;
  currencies: string[];
  measures: string[];
  classifiers: Set<string>;
  /** Counted nouns by first syllable, each list longest first (as syllable arrays). */
  nounsByHead: Map<string, string[][]>;
  compoundHeads: Set<string>;
  modifiers: Set<string>;
  boundaries: Set<string>;
}

const byLengthDesc = (a: string, b: string): number => b.length - a.length;

const cache = new WeakMap<FigureUnits, CompiledUnits>();

export function compileUnits(units: FigureUnits = DEFAULT_FIGURE_UNITS): CompiledUnits {
  const hit = cache.get(units);
  if (hit) return hit;
  const nounsByHead = new Map<string, string[][]>();
  for (const n of units.countedNouns) {
    const syl = n.normalize('NFC').split(/\s+/).filter(Boolean);
    const head = syl[0];
    if (!head) continue;
    const list = nounsByHead.get(head) ?? [];
    list.push(syl);
    nounsByHead.set(head, list);
  }
  for (const list of nounsByHead.values()) list.sort((a, b) => b.length - a.length);
  const out: CompiledUnits = {
    multipliers: new Set(units.multipliers),
    currencies: [...units.currencies].sort(byLengthDesc),
    measures: [...units.measures].sort(byLengthDesc),
    classifiers: new Set(units.classifiers),
    nounsByHead,
    compoundHeads: new Set(units.compoundHeads),
    modifiers: new Set(units.modifiers),
    boundaries: new Set(units.boundaries),
  };
  cache.set(units, out);
  return out;
}
