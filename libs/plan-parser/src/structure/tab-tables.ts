/**
 * Tables written out with one tab between cells (a 任务分解表 copied from Word or a web page), read before lines are
 * trimmed, because there an empty cell still counts: a row that starts with a tab continues a cell merged down from
 * the rows above (the 工作任务 or 序号 cell of a rowspan), and two tabs side by side are an empty 牵头单位 cell.
 * Each row becomes a numbered line with field lines under it, the layout the rest of the parser reads.
 */

type Role = 'number' | 'text' | 'lead' | 'co' | 'coOrResponsible' | 'responsible' | 'timeLimit' | 'note';

const ROLES: ReadonlyArray<{ role: Role; pattern: RegExp }> = [
  { role: 'number', pattern: /^(序号|编号)$/ },
  { role: 'note', pattern: /^(备注|说明)$/ },
  { role: 'coOrResponsible', pattern: /配合.*责任|责任.*配合/ },
  { role: 'lead', pattern: /牵头(单位|部门)/ },
  { role: 'co', pattern: /(配合|参与|协办|协同)(单位|部门)/ },
  { role: 'responsible', pattern: /^(责任|负责|实施|承办)(单位|部门|处室)$|^(部门|单位|责任主体)$/ },
  { role: 'timeLimit', pattern: /完成时限|完成时间|时间节点|时限/ },
  { role: 'text', pattern: /任务|工作要求|工作内容|具体措施|工作措施|重点工作|主要内容|职责|事项|目标/ },
];

const FIELD: Partial<Record<Role, string>> = { lead: '牵头单位', co: '配合单位', responsible: '责任单位', timeLimit: '完成时限' };

function roleOf(cell: string): Role | null {
  const name = cell.replace(/\s+/g, '');
  return ROLES.find(({ pattern }) => pattern.test(name))?.role ?? null;
}

function readHeader(line: string): Role[] | null {
  if (!line.includes('\t')) return null;
  const roles = line.split('\t').map(roleOf);
  if (roles.length < 2 || roles.some((role) => role === null)) return null;
  const known = roles as Role[];
  const units = known.some((role) => role === 'lead' || role === 'responsible' || role === 'coOrResponsible');
  return units && known.includes('text') ? known : null;
}

const NUMBERED = /^(\d{1,3})[.．、]?\s*(?=\S)/;

interface Table {
  roles: Role[];
  /** The cells merged down: the last non-empty value of each column. */
  carried: string[];
  counter: number;
  lastCategory: string;
}

function rowLines(table: Table, cells: string[]): string[] {
  const { roles } = table;
  const values = roles.map((role, i) => {
    const cell = (cells[i] ?? '').trim();
    // A text column left empty continues the cell above (rowspan); a unit column left empty has no unit.
    if (cell === '' && role === 'text' && i < roles.lastIndexOf('text')) return table.carried[i] ?? '';
    return cell;
  });
  values.forEach((value, i) => {
    if (value !== '') table.carried[i] = value;
  });
  const textColumns = roles.flatMap((role, i) => (role === 'text' ? [i] : []));
  const itemColumn = textColumns[textColumns.length - 1];
  const categories = textColumns
    .slice(0, -1)
    .map((i) => values[i])
    .filter((value) => value !== '');
  const text = values[itemColumn] ?? '';
  if (text === '') return [];
  const lines: string[] = [];
  const category = categories.join(' ');
  if (category !== '' && category !== table.lastCategory && /^[一二三四五六七八九十]+、/.test(category)) lines.push(category);
  table.lastCategory = category;
  const numberCell = roles.indexOf('number');
  const inText = NUMBERED.exec(text);
  const number = numberCell >= 0 && /^\d{1,3}$/.test(values[numberCell]) ? values[numberCell] : inText ? inText[1] : String(table.counter + 1);
  table.counter = Number(number);
  lines.push(`${number}. ${inText ? text.slice(inText[0].length) : text}`);
  const lead = roles.flatMap((role, i) => (role === 'lead' && values[i] !== '' && !/^[/—－-]$/.test(values[i]) ? [values[i]] : []));
  roles.forEach((role, i) => {
    const value = values[i];
    if (value === '' || /^[/—－-]$/.test(value)) return;
    // 配合/责任单位: cooperating when the row names a lead, else the units responsible.
    const field = role === 'coOrResponsible' ? (lead.length > 0 ? '配合单位' : '责任单位') : FIELD[role];
    if (field) lines.push(`${field}：${value}`);
  });
  return lines;
}

/** The text with its tab-separated tables rewritten as numbered lines; text without such a table is returned as it is. */
export function rewriteTabTables(text: string): string {
  if (!text.includes('\t')) return text;
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let table: Table | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const header = readHeader(line);
    if (header) {
      table = { roles: header, carried: [], counter: 0, lastCategory: '' };
      continue;
    }
    // A line without a tab inside a table is a row of one merged cell when rows continue under it.
    const continues = table !== null && !line.includes('\t') && line.trim() !== '' && (lines[i + 1] ?? '').startsWith('\t');
    if (table && (line.includes('\t') || continues)) {
      out.push(...rowLines(table, line.split('\t')));
      continue;
    }
    // A section heading between rows (一、深化商事制度改革) keeps the table going when rows follow it.
    if (!table || !(lines[i + 1] ?? '').includes('\t')) table = null;
    out.push(line);
  }
  return out.join('\n');
}
