/**
 * The one stylesheet of the site and the preview. It is inlined in every
 * page and allowed by its SHA-256 hash in the Content-Security-Policy, so
 * pages need no extra request, work as a standalone file (the preview), and
 * still forbid every other style and every script.
 *
 * Colours are chosen for WCAG AA contrast (≥ 4.5:1 for text) in both schemes;
 * the dark scheme follows `prefers-color-scheme`.
 */
import { createHash } from 'node:crypto';

export const SITE_CSS = `
:root { color-scheme: light dark; --bg: #fafaf7; --fg: #1d1d1f; --muted: #545450; --card: #ffffff;
  --line: #dcdcd2; --accent: #a3221b; --link: #0b57d0; --mark: #fff1a8; --mark-fg: #1d1d1f; --focus: #0b57d0; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #141416; --fg: #ececec; --muted: #b4b4ae; --card: #1e1e22; --line: #3a3a40;
    --accent: #ff8a80; --link: #8ab4f8; --mark: #5c4a00; --mark-fg: #fff6cc; --focus: #8ab4f8; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.55;
  margin: 0; color: var(--fg); background: var(--bg); overflow-wrap: anywhere; }
.wrap { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); color: var(--link); padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 10; }
.site-header { border-bottom: 1px solid var(--line); background: var(--card); }
.site-header .wrap { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem 1rem; padding-top: .6rem; padding-bottom: .6rem; }
.site-header nav { min-width: 0; max-width: 100%; }
.brand { font-weight: 700; color: var(--accent); text-decoration: none; font-size: 1.05rem; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .2rem .8rem; }
nav a { color: var(--link); }
nav a[aria-current="page"] { color: var(--fg); font-weight: 600; text-decoration: none; }
main { padding-bottom: 2rem; }
h1 { font-size: 1.5rem; line-height: 1.3; border-bottom: 3px solid var(--accent); padding-bottom: .4rem; margin: 1.4rem 0 .4rem; }
h2 { font-size: 1.2rem; color: var(--accent); margin: 2rem 0 .4rem; }
article { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; margin: .8rem 0; }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; line-height: 1.4; }
h2 a { color: inherit; text-decoration-thickness: 1px; text-underline-offset: .2em; }
article p { margin: .4rem 0; }
article p:last-child { margin-bottom: 0; }
mark { background: var(--mark); color: var(--mark-fg); padding: 0 .15em; border-radius: 3px; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.meta, .window, .note { font-size: .9rem; color: var(--muted); }
.pager { display: flex; justify-content: space-between; gap: 1rem; margin: 1.5rem 0; flex-wrap: wrap; }
.days { columns: 2 14rem; padding-left: 1.2rem; }
footer.digest-footer, .site-footer > p { margin-top: 2rem; font-size: .9rem; color: var(--muted); border-top: 1px solid var(--line); padding-top: .6rem; }
.site-footer { padding-bottom: 1.5rem; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; margin: .5rem 0 1rem; }
.table-scroll { overflow-x: auto; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td { overflow-wrap: normal; word-break: normal; }
td:nth-child(4), td:first-child { overflow-wrap: anywhere; }
/* A phone: the topic menu is one row that scrolls; admin tables become one card per row. */
@media (max-width: 40rem) {
  .site-header nav { flex-basis: 100%; }
  nav ul { flex-wrap: nowrap; overflow-x: auto; white-space: nowrap; padding-bottom: .4rem; scrollbar-width: thin; }
  .table-scroll table, .table-scroll tbody, .table-scroll tr, .table-scroll td { display: block; }
  .table-scroll thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .table-scroll tr { border: 1px solid var(--line); border-radius: 8px; background: var(--card); margin: .6rem 0; padding: .3rem .2rem; }
  .table-scroll td { border: 0; padding: .15rem .6rem; overflow-wrap: anywhere; }
  .table-scroll td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-weight: 600; }
}
.ok { color: #1b6e2a; } .bad { color: #a3221b; }
@media (prefers-color-scheme: dark) { .ok { color: #7ee08f; } .bad { color: #ff8a80; } }
form.login { display: grid; gap: .6rem; max-width: 22rem; }
input[type="password"] { font: inherit; padding: .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg); }
button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
@media (prefers-color-scheme: dark) { button { color: #141416; } }
.error { color: var(--accent); font-weight: 600; }
`;

/** The CSP source for the inline stylesheet: `'sha256-…'`. */
export const SITE_CSS_HASH = `'sha256-${createHash('sha256').update(SITE_CSS).digest('base64')}'`;
