/** Reading a YAML file with positions, so errors can name the line of a field. */
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { ConfigError } from './errors.js';

export interface YamlSource {
  file: string;
  /** The parsed data (null for an empty file). */
  data: unknown;
  /** 1-based line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/** Reads and parses `file`; `null` when it does not exist and `optional` is set. */
export async function readYaml(file: string, optional: boolean): Promise<YamlSource | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      if (optional) return null;
      throw new ConfigError(file, [{ path: '', message: 'file not found' }]);
    }
    throw new ConfigError(file, [
      { path: '', message: `cannot read file: ${(err as Error).message}` },
    ]);
  }
  return parseYaml(file, text);
}

export function parseYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      // Later errors are mostly echoes of the first one: keep the first three.
      doc.errors.slice(0, 3).map((e) => {
        const pos = e.linePos?.[0];
        const line = pos?.line;
        // The library's message ends with its position and a code excerpt; the issue carries the line.
        const first = (e.message.split('\n')[0] ?? e.message).replace(
          / at line \d+, column \d+:?$/,
          '',
        );
        const message = `YAML syntax error: ${first}${pos ? ` (column ${pos.col})` : ''}`;
        return line !== undefined ? { path: '', message, line } : { path: '', message };
      }),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  return {
    file,
    data: data ?? null,
    lineOf(path) {
      let node: unknown = doc.contents;
      let offset = (node as Node | null)?.range?.[0];
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find(
            (p) => isScalar(p.key) && String(p.key.value) === String(seg),
          );
          if (!pair) break;
          offset = (pair.key as Node).range?.[0] ?? offset;
          node = pair.value;
        } else if (isSeq(node) && typeof seg === 'number') {
          const item = node.items[seg];
          if (!item) break;
          node = item;
          offset = (item as Node).range?.[0] ?? offset;
        } else break;
      }
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    },
  };
}
