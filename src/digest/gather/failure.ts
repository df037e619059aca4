/**
 * Why a feed fetch failed, in words an admin can act on. Admins read these in
 * /feeds, `feeds list` and failure notices, so they are plain Vietnamese and
 * never name an exception class; `kind` lets each surface (bot, CLI) pick the
 * one fix that applies.
 */
import {
  BlockedAddressError,
  BodyTooLargeError,
  ExtractionError,
  FeedParseError,
  FetchError,
  FetchTimeoutError,
  HttpStatusError,
  RedirectError,
  UnsupportedUrlError,
} from './errors.js';

export type FailureKind =
  | 'not-found'
  | 'gone'
  | 'forbidden'
  | 'rate-limited'
  | 'server-error'
  | 'http-other'
  | 'timeout'
  | 'blocked'
  | 'bad-url'
  | 'too-large'
  | 'redirect'
  | 'refused'
  | 'dns'
  | 'network'
  | 'not-a-feed'
  | 'no-items'
  | 'no-article'
  | 'other';

export interface FailureInfo {
  kind: FailureKind;
  /** What went wrong, Vietnamese, one short clause ("máy chủ trả lỗi 404: trang không tồn tại"). */
  text: string;
  /** The one thing to do about it, Vietnamese. */
  advice: string;
  /** HTTP status when one was received. */
  status: number | null;
}

const ADVICE: Record<FailureKind, string> = {
  'not-found': 'Địa chỉ có thể đã đổi: tìm địa chỉ mới trên trang của báo rồi thêm lại nguồn.',
  gone: 'Báo đã bỏ địa chỉ này: tìm địa chỉ mới rồi thêm lại nguồn.',
  forbidden: 'Báo chặn bot: thử lại sau, hoặc dùng trang danh sách thay cho RSS.',
  'rate-limited': 'Không cần làm gì: bot sẽ chờ đúng thời gian báo yêu cầu rồi thử lại.',
  'server-error': 'Lỗi phía báo: bot tự thử lại thưa dần; nếu kéo dài, hãy tạm dừng nguồn.',
  'http-other': 'Kiểm tra lại địa chỉ trong trình duyệt.',
  timeout: 'Máy chủ của báo chậm: bot tự thử lại; nếu kéo dài, hãy tạm dừng nguồn.',
  blocked: 'Địa chỉ trỏ vào mạng nội bộ nên bị chặn: dùng địa chỉ công khai của báo.',
  'bad-url': 'Sửa địa chỉ: chỉ nhận http:// hoặc https://.',
  'too-large': 'Trang quá lớn: dùng địa chỉ RSS hoặc một trang danh sách nhỏ hơn.',
  redirect: 'Địa chỉ chuyển hướng vòng quanh: mở trong trình duyệt để lấy địa chỉ cuối cùng.',
  refused: 'Máy chủ không nhận kết nối: kiểm tra địa chỉ và cổng, hoặc chờ báo hoạt động lại.',
  dns: 'Tên miền không tồn tại: kiểm tra chính tả địa chỉ.',
  network: 'Kiểm tra kết nối mạng của máy chạy bot.',
  'not-a-feed':
    'Đây không phải RSS: nếu là trang danh sách bài, thêm lại dạng trang kèm bộ chọn CSS.',
  'no-items': 'Kiểm tra bộ chọn CSS (với trang danh sách) hoặc địa chỉ RSS.',
  'no-article': 'Trang bài viết không đọc được: báo đã đổi giao diện.',
  other: 'Thử lại sau; nếu lỗi lặp lại, báo cho người vận hành bot.',
};

function causeCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

function httpInfo(status: number): { kind: FailureKind; text: string } {
  if (status === 404) return { kind: 'not-found', text: 'trang không tồn tại (lỗi 404)' };
  if (status === 410) return { kind: 'gone', text: 'báo đã gỡ trang này (lỗi 410)' };
  if (status === 401 || status === 403)
    return { kind: 'forbidden', text: `báo từ chối cho bot đọc (lỗi ${status})` };
  if (status === 429) return { kind: 'rate-limited', text: 'báo yêu cầu đọc chậm lại (lỗi 429)' };
  if (status === 503)
    return { kind: 'server-error', text: 'máy chủ của báo tạm ngừng phục vụ (lỗi 503)' };
  if (status >= 500)
    return { kind: 'server-error', text: `máy chủ của báo gặp lỗi (lỗi ${status})` };
  return { kind: 'http-other', text: `máy chủ trả lời bất thường (mã ${status})` };
}

function classify(err: unknown): { kind: FailureKind; text: string; status: number | null } {
  if (err instanceof HttpStatusError && err.status !== null)
    return { ...httpInfo(err.status), status: err.status };
  if (err instanceof FetchTimeoutError)
    return {
      kind: 'timeout',
      text: `quá ${Math.round(err.timeoutMs / 1000)} giây không tải xong`,
      status: null,
    };
  if (err instanceof BlockedAddressError)
    return {
      kind: 'blocked',
      text: 'địa chỉ trỏ vào mạng nội bộ, bot không được phép đọc',
      status: null,
    };
  if (err instanceof UnsupportedUrlError)
    return { kind: 'bad-url', text: 'địa chỉ không hợp lệ', status: null };
  if (err instanceof BodyTooLargeError)
    return {
      kind: 'too-large',
      text: `trang lớn hơn ${Math.round(err.limitBytes / 1024 / 1024)} MB`,
      status: err.status,
    };
  if (err instanceof RedirectError)
    return { kind: 'redirect', text: 'địa chỉ chuyển hướng quá nhiều lần', status: err.status };
  if (err instanceof FeedParseError)
    return { kind: 'not-a-feed', text: 'nội dung không phải RSS, Atom hoặc RDF', status: null };
  if (err instanceof ExtractionError)
    return { kind: 'no-article', text: 'không đọc được nội dung bài', status: null };
  const code = causeCode(err);
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET')
    return { kind: 'refused', text: 'máy chủ của báo không nhận kết nối', status: null };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { kind: 'dns', text: 'không tìm thấy tên miền', status: null };
  if (err instanceof FetchError || code)
    return { kind: 'network', text: 'lỗi mạng khi tải trang', status: null };
  return { kind: 'other', text: 'lỗi không xác định khi đọc nguồn', status: null };
}

/** The plain-Vietnamese reason and advice for any error thrown while fetching or parsing a feed. */
export function describeFailure(err: unknown): FailureInfo {
  const c = classify(err);
  return { ...c, advice: ADVICE[c.kind] };
}

/** Advice for a stored kind (feed state keeps the kind, not the error). */
export function adviceFor(kind: string | null | undefined): string {
  return ADVICE[(kind ?? 'other') as FailureKind] ?? ADVICE.other;
}

/** A feed (or listing page) that parsed but held no item. */
export function noItemsFailure(): FailureInfo {
  return {
    kind: 'no-items',
    text: 'không tìm thấy bài nào',
    advice: ADVICE['no-items'],
    status: null,
  };
}

/**
 * The delay a `Retry-After` header asks for, in ms: delta-seconds or an HTTP
 * date; null when absent or unreadable.
 */
export function retryAfterMs(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
