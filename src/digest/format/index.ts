export { renderTerminal, type TerminalOptions } from './terminal.js';
export {
  digestPageModel,
  countsLine,
  type PreviewOptions,
  type DigestPageModel,
  type PageItem,
  type PageSection,
  type PageSource,
} from './preview-html.js';
export { renderJson } from './json.js';
export * from './text-tools.js';
export {
  packChunks,
  PieceTooLargeError,
  type Piece,
  type PackInput,
  type PackSection,
} from './chunking.js';
export { escapeHtml } from './html-escape.js';
