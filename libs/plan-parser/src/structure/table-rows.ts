/**
 * 任务分工方案 often arrive as a table copied out of Word: a header row (序号 工作任务 责任单位 完成时限) and
 * one row per task, cells separated by tabs, runs of spaces or |. Rows are rewritten as numbered lines with
 * field lines under them, the layout the rest of the parser already reads.
 */

type Column = 'number' | 'task' | 'lead' | 'co' | 'responsible' | 'timeLimit' | 'other';

const CELL_SEPARATOR = /\t+|\s{2,}|\s*[|｜]\s*/;

const COLUMN_NAMES: ReadonlyArray<{ column: Column; pattern: RegExp }> = [
  { column: 'number', pattern: /^(序号|编号)$/ },
  { column: 'lead', pattern: /牵头(单位|部门)/ },
  { column: 'co', pattern: /(配合|参与|协办)(单位|部门)/ },
  { column: 'responsible', pattern: /责任(单位|部门)/ },
  { column: 'timeLimit', pattern: /完成时限|完成时间|时间节点|时限/ },
  { column: 'task', pattern: /任务|工作内容|具体措施|工作措施|重点工作|主要内容/ },
];

const FIELD_NAME: Partial<Record<Column, string>> = {
  lead: '牵头单位',
  co: '配合单位',
  responsible: '责任单位',
  timeLimit: '完成时限',
};

function cells(line: string): string[] {
  return line
    .split(CELL_SEPARATOR)
    .map((cell) => cell.trim())
    .filter((cell) => cell.length > 0);
}

function columnOf(cell: string): Column {
  return COLUMN_NAMES.find(({ pattern }) => pattern.test(cell))?.column ?? 'other';
}

function readHeader(line: string): Column[] | null {
  const columns = cells(line).map(columnOf);
  const isHeader = columns.length >= 3 && columns.includes('task') && columns.some((c) => c === 'lead' || c === 'responsible');
  return isHeader ? columns : null;
}

/** Cells after the number align from the right: a merged category cell on the left is what tables drop. */
function rowLines(row: string[], header: Column[]): string[] {
  const [number, ...rest] = row;
  const columns = header.filter((column) => column !== 'number').slice(-rest.length);
  const task = rest.filter((_, i) => columns[i] === 'task' || columns[i] === 'other').join('');
  const fields = rest.flatMap((cell, i) => {
    const name = FIELD_NAME[columns[i]];
    return name ? [`${name}：${cell}`] : [];
  });
  return [`${number}. ${task}`, ...fields];
}

export function rewriteTableRows(lines: string[]): string[] {
  let header: Column[] | null = null;
  const result: string[] = [];
  for (const line of lines) {
    const headerHere = readHeader(line);
    if (headerHere) {
      header = headerHere;
      continue;
    }
    const row = cells(line);
    if (header && row.length >= 3 && /^\d{1,3}[.、．]?$/.test(row[0])) result.push(...rowLines([row[0].replace(/[.、．]$/, ''), ...row.slice(1)], header));
    else result.push(line);
  }
  return result;
}
