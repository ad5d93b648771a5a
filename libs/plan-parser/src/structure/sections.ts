import { Block } from './outline';

export type SectionKind = 'task' | 'safeguard' | 'goals' | 'preamble';

const SECTION_KINDS: ReadonlyArray<{ kind: SectionKind; pattern: RegExp }> = [
  { kind: 'safeguard', pattern: /保障措施|工作要求|组织保障|保障机制|实施保障|工作保障|组织实施|组织领导|工作机制|实施要求/ },
  { kind: 'task', pattern: /任务|重点工作|主要工作|工作重点|工作措施|主要措施|具体措施|重点项目|主要举措|重点举措/ },
  { kind: 'goals', pattern: /目标/ },
  { kind: 'preamble', pattern: /指导思想|总体要求|基本原则|工作原则|总体思路|适用范围|编制依据|工作依据|^工作职责$/ },
];

/** A heading's title: its first line up to the first full stop (二、主要任务 → 主要任务). */
export function headingTitle(block: Block): string {
  return block.numbering.rest.split(/[。：:]/)[0].trim();
}

export function sectionKindOf(block: Block): SectionKind | null {
  const title = headingTitle(block);
  if (title.length > 20) return null;
  return SECTION_KINDS.find(({ pattern }) => pattern.test(title))?.kind ?? null;
}

/** The innermost heading that says what its items are; items under no such heading are tasks. */
export function sectionOf(headings: Block[]): SectionKind {
  for (const heading of headings) {
    const kind = sectionKindOf(heading);
    if (kind) return kind;
  }
  return 'task';
}
