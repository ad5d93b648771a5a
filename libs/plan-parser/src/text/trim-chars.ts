/**
 * Trimming by index. A regex such as /[\s。]+$/ restarts at every character of a run that is not at the end, so a
 * line with a long run of spaces in the middle costs the square of the run's length (issue 12: one upload held
 * the API for 91 s). These walk each end once.
 */
export function trimChars(text: string, isTrimmed: (char: string) => boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && isTrimmed(text[start])) start++;
  while (end > start && isTrimmed(text[end - 1])) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

export function trimEndChars(text: string, isTrimmed: (char: string) => boolean): string {
  let end = text.length;
  while (end > 0 && isTrimmed(text[end - 1])) end--;
  return end === text.length ? text : text.slice(0, end);
}

export function trimStartChars(text: string, isTrimmed: (char: string) => boolean): string {
  let start = 0;
  while (start < text.length && isTrimmed(text[start])) start++;
  return start === 0 ? text : text.slice(start);
}

/** A predicate for a set of characters plus, when asked, whitespace (\s, which includes the ideographic space). */
export function charsOf(chars: string, whitespace = false): (char: string) => boolean {
  return (char) => chars.includes(char) || (whitespace && /\s/.test(char));
}
