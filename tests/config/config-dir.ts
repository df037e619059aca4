/** Writes a small, valid config folder to a temp dir; tests override one file at a time. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FEEDS = `feeds:
  - id: vnexpress-thoi-su
    name: VnExpress – Thời sự
    url: https://vnexpress.net/rss/thoi-su.rss
  - id: hanoimoi-xa-hoi
    name: Hà Nội Mới – Xã hội
    url: https://hanoimoi.vn/rss/xa-hoi.rss
    type: rss
    enabled: false
  - id: kinhtedothi-do-thi
    name: Kinh tế & Đô thị
    url: https://kinhtedothi.vn/do-thi
    type: page
    link_selector: "h3 a"
`;

export const TOPICS = `- id: giao-thong
  name: Giao thông
  keywords: [ùn tắc, đường sắt đô thị]
- id: y-te
  name: Y tế
  keywords: [bệnh viện]
  places: [Bạch Mai]
`;

export const GAZETTEER = `wards: [Hoàn Kiếm, Cửa Nam]
communes: [Bát Tràng]
oldDistricts: [Ba Đình]
landmarks: [Hồ Gươm]
institutions: [UBND TP Hà Nội]
elsewhere: [TP.HCM]
`;

export interface ConfigDir {
  dir: string;
  write(name: string, text: string): void;
  cleanup(): void;
}

export function configDir(files: Record<string, string | null> = {}): ConfigDir {
  const dir = mkdtempSync(join(tmpdir(), 'hanoi-digest-config-'));
  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  const all: Record<string, string | null> = {
    'feeds.yaml': FEEDS,
    'topics.yaml': TOPICS,
    'gazetteer.yaml': GAZETTEER,
    ...files,
  };
  for (const [name, text] of Object.entries(all)) if (text !== null) write(name, text);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
