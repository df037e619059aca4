/** The configuration's one error type: which file, which field, what is wrong. */
import { HanoiDigestError } from '../digest/errors.js';

export interface ConfigIssue {
  /** Field path as written in the YAML, e.g. `feeds[3].url`; '' for the whole file. */
  path: string;
  message: string;
  /** 1-based line in the file, when the YAML positions tell it. */
  line?: number;
}

/**
 * Raised for a missing file, a YAML syntax error or a validation failure.
 * The message lists every issue as `file:line: path: message`, so an
 * operator can fix them all in one pass; callers exit non-zero on it.
 */
export class ConfigError extends HanoiDigestError {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(formatIssues(file, issues));
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

function formatIssues(file: string, issues: ConfigIssue[]): string {
  const lines = issues.map((i) => {
    const where = i.line !== undefined ? `${file}:${i.line}` : file;
    return `  ${where}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
  });
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return `Invalid configuration in ${file} (${count}):\n${lines.join('\n')}`;
}
