/**
 * The digest model as JSON (`OUT/digest.json`). Dates become ISO 8601 strings
 * in UTC (through `Date.prototype.toJSON`); everything else is the model as
 * is, so other tools can read it back.
 */
import type { DigestDocument } from '../model.js';

export function renderJson(doc: DigestDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
