import { describe, expect, it } from 'vitest';
import { splitSentences, type SentenceSpan } from '../../src/digest/text/sentences.js';
import { corpusAvailable, loadAllCorpus, type CorpusDoc } from '../helpers/corpus.js';

const texts = (s: string): string[] => splitSentences(s).map((x) => x.text);

/** Is [start, end) inside one sentence span? */
function inOneSentence(spans: SentenceSpan[], start: number, end: number): boolean {
  return spans.some((s) => s.start <= start && s.end >= end);
}

describe('splitSentences on small written cases', () => {
  it('keeps spans exact over the original text', () => {
    const text = '  Ông A đến.   Bà B về!\n\nAi đi?  ';
    const spans = splitSentences(text);
    expect(spans.map((s) => s.text)).toEqual(['Ông A đến.', 'Bà B về!', 'Ai đi?']);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('does not split after abbreviations before a capital', () => {
    expect(texts('Ông ở TP. Hà Nội và TP.HCM cùng đến. PGS.TS. Nguyễn Văn An phát biểu.')).toEqual([
      'Ông ở TP. Hà Nội và TP.HCM cùng đến.',
      'PGS.TS. Nguyễn Văn An phát biểu.',
    ]);
    expect(
      texts(
        'GS. Trần Bình, ThS. Lê Cúc, TS. Mai Dung, BS. Phạm Em và Th.S Hoàng Giang họp ở Q. Hoàn Kiếm, P. Hàng Bạc.',
      ),
    ).toHaveLength(1);
    expect(texts('Lời khai của ông Nguyễn V. Anh được ghi lại. Bà X. cho biết thêm.')).toEqual([
      'Lời khai của ông Nguyễn V. Anh được ghi lại.',
      'Bà X. cho biết thêm.',
    ]);
  });

  it('does not split inside numbers, dates, codes, URLs or emails', () => {
    const s =
      'Kết nạp 10.027 đảng viên, đạt 102,9% ngày 17-3-2021 theo 01-CTr/TU, ngày 4/2, tăng 8,5-9%, ngày 17.3.2021, xem hanoimoi.com.vn hoặc ban.bt@hanoi.gov.vn ngay.';
    expect(texts(s)).toEqual([s]);
  });

  it('splits sentences glued by a scraper, but not TP.HCM or Q.Hoàn Kiếm', () => {
    expect(
      texts('Căn hộ có nhà tắm và bếp.Lực lượng chức năng đến TP.HCM và Q.Hoàn Kiếm.'),
    ).toEqual(['Căn hộ có nhà tắm và bếp.', 'Lực lượng chức năng đến TP.HCM và Q.Hoàn Kiếm.']);
    expect(texts('Số ca mắc tăng trong năm 2020.Năm nay giảm.')).toEqual([
      'Số ca mắc tăng trong năm 2020.',
      'Năm nay giảm.',
    ]);
  });

  it('splits at a full stop inside a closing quote', () => {
    expect(texts('Ông nói: “Việc này là đúng.” Ông Bình cũng đồng ý.')).toEqual([
      'Ông nói: “Việc này là đúng.”',
      'Ông Bình cũng đồng ý.',
    ]);
  });

  it('treats an ellipsis as a pause unless a capitalised sentence follows', () => {
    expect(texts('Hà Nội, Đà Nẵng… đều tham gia, rau... cũng tăng giá.')).toHaveLength(1);
    expect(texts('Người dân chờ đợi… Sau đó mọi việc ổn.')).toEqual([
      'Người dân chờ đợi…',
      'Sau đó mọi việc ổn.',
    ]);
  });

  it('splits on ! and ? and on newlines, but not before lowercase speech tags', () => {
    expect(texts('Vậy sao? Không! Dòng một\nDòng hai')).toEqual([
      'Vậy sao?',
      'Không!',
      'Dòng một',
      'Dòng hai',
    ]);
    expect(texts('“Có làm được không?” ông hỏi.')).toHaveLength(1);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n ')).toEqual([]);
  });
});

/** Occurrences of `re` in corpus bodies: [doc, match index, match length]. */
function occurrences(
  docs: CorpusDoc[],
  re: RegExp,
  limit = 40,
): { doc: CorpusDoc; at: number; len: number }[] {
  const out: { doc: CorpusDoc; at: number; len: number }[] = [];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (const doc of docs) {
    for (const m of doc.body.matchAll(g)) {
      out.push({ doc, at: m.index, len: m[0].length });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

describe.skipIf(!corpusAvailable())(
  'splitSentences on real sentences from ../shared/corpus',
  () => {
    const docs = corpusAvailable() ? loadAllCorpus() : [];
    const split = new Map<string, SentenceSpan[]>();
    const spansOf = (d: CorpusDoc): SentenceSpan[] => {
      let s = split.get(d.id);
      if (!s) split.set(d.id, (s = splitSentences(d.body)));
      return s;
    };

    const noBreak: [string, RegExp][] = [
      ['"TP." before a capital', /TP\. [A-ZĐ]\p{Ll}+/u],
      ['"TP.HCM"', /TP\.HCM/u],
      ['"PGS.TS." before a name', /PGS\.TS\.? [A-ZĐ]\p{Ll}+/u],
      ['"Q." before a capital', /(?<!\p{L})Q\.\s?[A-ZĐ]\p{Ll}+/u],
      ['"P." before a name or number', /(?<!\p{L})P\.\s?[A-ZĐ0-9][\p{Ll}0-9]*/u],
      ['thousands with dots (10.027)', /\d{1,3}(?:\.\d{3})+(?:,\d+)?/u],
      ['decimals with commas (102,9)', /\d+,\d+/u],
      ['d-m-yyyy dates', /\d{1,2}-\d{1,2}-\d{4}/u],
      ['d.m.yyyy dates', /\d{1,2}\.\d{1,2}\.\d{4}/u],
      ['document codes (01-CTr/TU)', /\d+-[A-Z][A-Za-z]*\/[A-Z]+/u],
      ['d/m dates (4/2)', /(?<![\d/])\d{1,2}\/\d{1,2}(?![\d/])/u],
      ['ranges with percent (8,5-9%)', /\d+,\d+-\d+(?:,\d+)?%/u],
      ['web addresses', /[a-z0-9]+(?:\.[a-z0-9]+)*\.(?:com|vn|net)\b/u],
      ['emails', /[a-z0-9.]+@[a-z0-9]+(?:\.[a-z]+)+/u],
      ['an ellipsis before lowercase', /\p{Ll}+(?:…|\.\.\.) ?\p{Ll}+/u],
    ];
    for (const [label, re] of noBreak) {
      it(`never breaks inside ${label}`, () => {
        const found = occurrences(docs, re);
        expect(found.length, `no corpus body matches ${re}`).toBeGreaterThan(0);
        for (const { doc, at, len } of found) {
          expect(
            inOneSentence(spansOf(doc), at, at + len),
            `${doc.id}: ${doc.body.slice(at - 30, at + len + 30)}`,
          ).toBe(true);
        }
      });
    }

    it('splits sentences glued by the scraper ("…và bếp.Lực lượng…")', () => {
      const found = occurrences(docs, /(?<![\p{L}.])\p{Ll}{2,}\.[A-ZĐ]\p{Ll}+ /u).filter(
        ({ doc, at }) => !/(?:https?:|www\.)\S*$/.test(doc.body.slice(Math.max(0, at - 40), at)),
      );
      expect(found.length).toBeGreaterThan(0);
      for (const { doc, at, len } of found) {
        const dot = doc.body.indexOf('.', at);
        const spans = spansOf(doc);
        expect(
          spans.some((s) => s.end === dot + 1),
          `${doc.id}: ${doc.body.slice(at, at + len + 20)}`,
        ).toBe(true);
        expect(inOneSentence(spans, dot, dot + 2)).toBe(false);
      }
    });

    it('splits at a full stop inside a closing quote (“…đúng.” Ông …)', () => {
      const found = occurrences(docs, /\.” [A-ZĐ]/u);
      expect(found.length).toBeGreaterThan(0);
      for (const { doc, at } of found) {
        expect(
          spansOf(doc).some((s) => s.end === at + 2),
          `${doc.id}: ${doc.body.slice(at - 40, at + 20)}`,
        ).toBe(true);
      }
    });
  },
);
