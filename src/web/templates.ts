/**
 * The eta templates of the site and the preview. They are strings in a
 * module (not .eta files) so the build (`tsc`) ships them with the code and a
 * page never depends on the working directory. Every `<%= %>` is escaped by
 * eta; raw output (`<%~ %>`) is used only for other templates' output.
 */

/** The page shell: landmarks, skip link, navigation (site only), footer. */
export const LAYOUT = `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="<%= it.csp %>">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="color-scheme" content="light dark">
<title><%= it.title %></title>
<% if (it.site) { %>
<link rel="icon" type="image/svg+xml" href="/favicon.svg">
<link rel="alternate" type="application/atom+xml" title="Bản tin Hà Nội (Atom)" href="/ban-tin.atom">
<link rel="alternate" type="application/feed+json" title="Bản tin Hà Nội (JSON Feed)" href="/ban-tin.json">
<% } %>
<style><%~ it.css %></style>
</head>
<body>
<% if (it.site) { %>
<a class="skip" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header class="site-header">
<div class="wrap">
<a class="brand" href="/">Bản tin Hà Nội</a>
<nav aria-label="Chủ đề">
<ul>
<% for (const link of it.nav) { %>
<li><a href="<%= link.href %>"<% if (link.current) { %> aria-current="page"<% } %>><%= link.label %></a></li>
<% } %>
</ul>
</nav>
</div>
</header>
<% } %>
<main id="noi-dung" class="wrap" tabindex="-1">
<%~ it.content %>
</main>
<% if (it.site) { %>
<footer class="site-footer wrap">
<p>Theo dõi bằng trình đọc tin: <a href="/ban-tin.atom">Atom</a> · <a href="/ban-tin.json">JSON Feed</a>. Tóm tắt tự động; mỗi tin dẫn về bài gốc.</p>
</footer>
<% } %>
</body>
</html>
`;

/** One digest item: title, summary with the figures marked, sources and time. */
export const ITEM = `<article aria-labelledby="tin-<%= it.n %>">
<h3 id="tin-<%= it.n %>"><%= it.n %>. <%= it.title %></h3>
<% if (it.summary.length) { %><p><% for (const s of it.summary) { %><% if (s.highlight) { %><mark><strong><%= s.text %></strong></mark><% } else { %><%= s.text %><% } %><% } %></p>
<% } %>
<p class="meta"><% it.sources.forEach((s, i) => { %><% if (i > 0) { %> · <% } %><% if (s.href) { %><a href="<%= s.href %>" rel="noopener noreferrer" target="_blank"><%= s.name %></a><% } else { %><%= s.name %><% } %><% }) %><% if (it.time) { %> · <time datetime="<%= it.isoTime %>"><%= it.time %></time><% } %></p>
</article>
`;

/** A digest: header, window, sections of items, counts; optional day pager and archive. */
export const DIGEST = `<h1><%= it.model.header %></h1>
<p class="window"><%= it.model.windowText %></p>
<% if (it.model.empty) { %>
<p>Không có tin mới trong khoảng thời gian này.</p>
<% } %>
<% for (const section of it.model.sections) { %>
<section aria-labelledby="muc-<%= section.topicId %>">
<h2 id="muc-<%= section.topicId %>"><% if (it.topicLinks && it.topicLinks.includes(section.topicId)) { %><a href="/chu-de/<%= encodeURIComponent(section.topicId) %>"><%= section.title %></a><% } else { %><%= section.title %><% } %></h2>
<% for (const item of section.items) { %><%~ include('@item', item) %><% } %>
</section>
<% } %>
<footer class="digest-footer"><p><%= it.model.footer %></p></footer>
<% if (it.pager) { %>
<nav class="pager" aria-label="Các ngày">
<% if (it.pager.prev) { %><a href="<%= it.pager.prev.href %>" rel="prev">← <%= it.pager.prev.label %></a><% } else { %><span></span><% } %>
<% if (it.pager.next) { %><a href="<%= it.pager.next.href %>" rel="next"><%= it.pager.next.label %> →</a><% } %>
</nav>
<% } %>
<% if (it.archive && it.archive.length) { %>
<section aria-labelledby="luu-tru">
<h2 id="luu-tru">Các ngày trước</h2>
<ul class="days">
<% for (const d of it.archive) { %><li><a href="<%= d.href %>"><%= d.label %></a></li>
<% } %>
</ul>
</section>
<% } %>
`;

/** One topic's recent items. */
export const TOPIC = `<h1>Chủ đề: <%= it.name %></h1>
<p class="window"><%= it.windowText %></p>
<% if (it.items.length === 0) { %>
<p>Chưa có tin nào về chủ đề này trong những ngày qua.</p>
<% } %>
<% for (const item of it.items) { %><%~ include('@item', item) %><% } %>
<footer class="digest-footer"><p><%= it.footer %></p></footer>
`;

/** A short message page (404, errors). */
export const MESSAGE = `<h1><%= it.heading %></h1>
<p><%= it.text %></p>
<p><a href="/">Về bản tin hôm nay</a></p>
`;

/** The admin login form: the token travels in a POST body, never in a URL. */
export const LOGIN = `<h1>Quản trị</h1>
<% if (it.error) { %><p class="error" role="alert"><%= it.error %></p><% } %>
<form class="login" method="post" action="/quan-tri/dang-nhap">
<label for="token">Mã quản trị (ADMIN_WEB_TOKEN)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button>
</form>
`;

/** The admin status page: feeds, outbox, subscriptions, summarizer. Read-only. */
export const ADMIN = `<h1>Tình trạng hệ thống</h1>
<p class="note">Cập nhật lúc <%= it.generatedAt %>. Trang chỉ để xem.</p>
<form method="post" action="/quan-tri/dang-xuat"><button type="submit">Đăng xuất</button></form>

<section aria-labelledby="tom-tat">
<h2 id="tom-tat">Tóm tắt</h2>
<p><%= it.summarizer %></p>
</section>

<section aria-labelledby="nguon-tin">
<h2 id="nguon-tin">Nguồn tin (<%= it.feeds.length %>)</h2>
<div class="table-scroll"><table>
<thead><tr><th scope="col">Nguồn</th><th scope="col">Trạng thái</th><th scope="col">Lần cuối thành công</th><th scope="col">Lỗi gần nhất</th><th scope="col">Lần thử tới</th></tr></thead>
<tbody>
<% for (const f of it.feeds) { %><tr><td data-label="Nguồn"><%= f.name %><br><span class="note"><%= f.id %></span></td><td data-label="Trạng thái" class="<%= f.cls %>"><%= f.state %></td><td data-label="Lần cuối thành công"><%= f.lastSuccess %></td><td data-label="Lỗi gần nhất"><%= f.lastError %></td><td data-label="Lần thử tới"><%= f.nextTry %></td></tr>
<% } %>
</tbody></table></div>
</section>

<section aria-labelledby="hang-doi">
<h2 id="hang-doi">Hàng đợi gửi</h2>
<div class="table-scroll"><table>
<thead><tr><th scope="col">Nơi nhận</th><th scope="col">Đợt</th><th scope="col">Trạng thái</th><th scope="col">Số lần thử</th><th scope="col">Lý do lỗi</th></tr></thead>
<tbody>
<% for (const r of it.outbox) { %><tr><td data-label="Nơi nhận"><%= r.target %></td><td data-label="Đợt"><%= r.slot %></td><td data-label="Trạng thái" class="<%= r.cls %>"><%= r.state %></td><td data-label="Số lần thử"><%= r.attempts %></td><td data-label="Lý do lỗi"><%= r.error %></td></tr>
<% } %>
<% if (it.outbox.length === 0) { %><tr><td colspan="5">Chưa có lần gửi nào.</td></tr><% } %>
</tbody></table></div>
</section>

<section aria-labelledby="dang-ky">
<h2 id="dang-ky">Đăng ký (<%= it.subscriptions.length %>)</h2>
<div class="table-scroll"><table>
<thead><tr><th scope="col">Nơi nhận</th><th scope="col">Chủ đề</th><th scope="col">Lịch</th><th scope="col">Trạng thái</th><th scope="col">Bản tin gần nhất</th></tr></thead>
<tbody>
<% for (const s of it.subscriptions) { %><tr><td data-label="Nơi nhận"><%= s.target %></td><td data-label="Chủ đề"><%= s.topics %></td><td data-label="Lịch"><%= s.schedule %></td><td data-label="Trạng thái" class="<%= s.cls %>"><%= s.state %></td><td data-label="Bản tin gần nhất"><%= s.last %></td></tr>
<% } %>
<% if (it.subscriptions.length === 0) { %><tr><td colspan="5">Chưa có đăng ký nào.</td></tr><% } %>
</tbody></table></div>
</section>
`;

/** Atom 1.0 (RFC 4287): one entry per daily digest. */
export const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
<id><%= it.id %></id>
<title>Bản tin Hà Nội</title>
<subtitle>Tin thời sự Hà Nội mỗi ngày, tóm tắt kèm các con số chính.</subtitle>
<updated><%= it.updated %></updated>
<author><name>hanoi-digest</name></author>
<link rel="self" type="application/atom+xml" href="<%= it.self %>"/>
<link rel="alternate" type="text/html" href="<%= it.home %>"/>
<generator>hanoi-digest</generator>
<% for (const e of it.entries) { %>
<entry>
<id><%= e.id %></id>
<title><%= e.title %></title>
<updated><%= e.updated %></updated>
<published><%= e.published %></published>
<link rel="alternate" type="text/html" href="<%= e.url %>"/>
<summary type="text"><%= e.summary %></summary>
<content type="html"><%= e.html %></content>
</entry>
<% } %>
</feed>
`;
