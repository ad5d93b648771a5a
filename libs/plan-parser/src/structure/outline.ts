import { Numbering, NumberingStyle, readNumbering } from './numbering';

/** A numbered paragraph and the unnumbered lines that follow it. */
export interface Block {
  numbering: Numbering;
  lines: string[];
  /** Nesting depth: the order in which the document first uses each numbering style. */
  depth: number;
}

export interface Outline {
  /** Lines before the first numbered paragraph: notice, title, signature. */
  preamble: string[];
  blocks: Block[];
}

/** Lines that end the plan's text: the signature date, distribution notes, attachments. */
const END_OF_TEXT =
  /^(\d{4}年\d{1,2}月\d{1,2}日|[二〇○零一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|[（(]此件[^）)]*[）)]|抄送[:：]|公开方式[:：]|附件[:：]?\s*$|附件\s*\d|附件[:：])/;
const SIGNATURE = /^[\u4e00-\u9fff]{2,20}(政府|办公厅|办公室|委员会|领导小组|管委会|管理局)$/;

export function buildOutline(lines: string[]): Outline {
  const preamble: string[] = [];
  const blocks: Block[] = [];
  const depthOf = new Map<NumberingStyle, number>();
  let current: Block | null = null;
  for (const line of lines) {
    const numbering = readNumbering(line);
    if (numbering) {
      if (!depthOf.has(numbering.style)) depthOf.set(numbering.style, depthOf.size);
      current = { numbering, lines: [numbering.rest], depth: depthOf.get(numbering.style) ?? 0 };
      blocks.push(current);
    } else if (current && END_OF_TEXT.test(line)) {
      if (current.lines.length > 1 && SIGNATURE.test(current.lines[current.lines.length - 1])) current.lines.pop();
      current = null;
    } else if (current) {
      current.lines.push(line);
    } else if (blocks.length === 0) {
      preamble.push(line);
    }
  }
  return { preamble, blocks };
}

/** The block with every deeper block nested under it, as one list of lines. */
export function subtreeLines(blocks: Block[], index: number): string[] {
  const root = blocks[index];
  const lines = [...root.lines];
  for (let i = index + 1; i < blocks.length && blocks[i].depth > root.depth; i++) {
    lines.push(blocks[i].numbering.label + blocks[i].lines[0], ...blocks[i].lines.slice(1));
  }
  return lines;
}

/**
 * For every block, the nearest shallower blocks above it: its section headings, innermost first. One pass with a
 * stack of the open headings; walking back from each block instead costs the square of the number of blocks.
 */
export function headingChains(blocks: Block[]): Block[][] {
  const open: Block[] = [];
  return blocks.map((block) => {
    while (open.length > 0 && open[open.length - 1].depth >= block.depth) open.pop();
    const headings = [...open].reverse();
    open.push(block);
    return headings;
  });
}
