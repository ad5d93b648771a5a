// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- opencc-js ships no types; this keeps ours visible to every tsconfig that compiles this file
/// <reference path="./opencc-js.d.ts" />
import * as OpenCC from 'opencc-js';

let convert: ((text: string) => string) | null = null;

function traditionalToSimplified(text: string): string {
  // Built lazily: the dictionaries take a moment to load and most documents are already simplified.
  convert ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  return convert(text);
}

/**
 * Converts a traditional-character document to simplified so one set of patterns reads both. Text that is
 * already simplified is returned untouched: OpenCC's one-to-many mappings can otherwise alter proper names.
 */
export function toSimplified(text: string): string {
  const converted = traditionalToSimplified(text);
  let changed = 0;
  for (let i = 0; i < text.length && i < converted.length; i++) if (text[i] !== converted[i]) changed++;
  const hanzi = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
  return changed >= 3 && changed >= hanzi * 0.02 ? converted : text;
}
