/**
 * Reads an enumeration of units the way a supervisor does: 市发展改革委、科技创新委、国土规划委 names three
 * 市 departments, because the level prefix of the first carries to the following names that lack one.
 */

import { charsOf, trimEndChars } from '../text/trim-chars';

/** A run of separators is one break: the empty names between them would only be skipped. */
const SEPARATORS = /(?:[、，,；;/]|\s)+/;

/** Level prefixes that can be shared across an enumeration; 市委 before 市 so 市委宣传部、组织部 → 市委组织部. */
// 局 too: in a bureau's own list (局机关党委、乡村振兴处) its offices are 局乡村振兴处.
const LEVEL_PREFIX = /^(省委|市委|区委|县委|省|市|区|县|镇|街道|局)/;

/** Names that carry their own identity and never take a shared prefix: a place name, a party organ, a body outside the government. */
const SELF_STANDING = [
  /^中共/,
  /^[\u4e00-\u9fff]{2,4}(省|市|区|县|镇)/,
  /(市委|区委|县委|省委)/,
  /(海关|银行|公司|集团|大学|学院|铁路|机场|港务|供电局|管委会|^国家|^团|^人行|支行$|分行$|证监局$|银保监局$|银保监分局$|银保监组$|海事局$|边检站$)/,
];

/** Collective names (各区政府, 市相关部门 …) are kept whole: they are a group, not a unit with a prefix to share. */
const GROUP = /^各|各(有关|相关)?(部门|单位|区|镇|街)|(相关|有关)(部门|单位|区|镇|街道)/;

export function isUnitGroup(name: string): boolean {
  return GROUP.test(name);
}

const TRAILING_ROLE = /(按照职责分工负责|按职责分工负责|按职责负责|分工负责|分别负责|共同负责|负责|按职责分工|配合|参与|协助|落实)$/;
const LEAD_MARK = /[（(]牵头[）)]$/;

const FULL_STOP = charsOf('。.');

function cleanToken(token: string): string {
  // 区办公室（政策法规处）: the office inside the unit is the unit's own business.
  return (
    trimEndChars(token.replace(/^(及|和|与|以及|由)/, '').replace(/[（(][\u4e00-\u9fff]{2,12}(?<!办事)(处|科|股)[）)]$/, ''), FULL_STOP)
      .replace(TRAILING_ROLE, '')
      .replace(/等(单位|部门)?$/, '')
      // 区社会事业局（牵头医疗医美板块）: the bracket says which part the unit leads; the unit is the name before it.
      .replace(/[（(](牵头|配合)[\u4e00-\u9fff]{0,12}[）)]$/, '')
      .trim()
  );
}

/** Words that begin with a level character without being one: 市场监管局 has no 市 of its own. */
const NOT_A_LEVEL = /^(市场|区域|县域|省级|市级|区级|县级)/;

function hasLevel(name: string): boolean {
  return LEVEL_PREFIX.test(name) && !NOT_A_LEVEL.test(name);
}

function withSharedPrefix(name: string, prefix: string | null): string {
  if (prefix === null || isUnitGroup(name) || hasLevel(name)) return name;
  if (SELF_STANDING.some((pattern) => pattern.test(name))) return name;
  return prefix + name;
}

/** The level prefix a name passes on to the names after it, or undefined when it passes none on. */
function prefixOf(name: string): string | null | undefined {
  // 市场监管总局 begins with 市 but is a national unit: its 市 is the first character of 市场, not a level.
  if (isUnitGroup(name) || !hasLevel(name)) return undefined;
  const match = LEVEL_PREFIX.exec(name);
  return match ? match[1] : undefined;
}

export interface ListedUnit {
  name: string;
  /** Marked 市XX局（牵头） inside a 责任单位 list. */
  markedLead: boolean;
}

/** 商务部等有关部门 names 商务部 and the group 有关部门: 等 ends the named units, the group follows it. */
function tokensOf(text: string): string[] {
  return text.split(SEPARATORS).flatMap((token) => {
    const etc = /^(.+?)等(?:和|及|以及)?((?:各)?(?:有关|相关|其他)?[\u4e00-\u9fff]{0,12})$/.exec(cleanToken(token));
    return etc && isUnitGroup(etc[2]) ? [etc[1], etc[2]] : [token];
  });
}

export function readUnitList(text: string): ListedUnit[] {
  const units: ListedUnit[] = [];
  const seen = new Set<string>();
  let prefix: string | null = null;
  for (const token of tokensOf(text)) {
    const name = cleanToken(token);
    if (name.length === 0) continue;
    const unit = withSharedPrefix(name, prefix);
    const next = prefixOf(unit);
    if (next !== undefined) prefix = next;
    if (seen.has(unit)) continue;
    seen.add(unit);
    units.push({ name: unit, markedLead: LEAD_MARK.test(token.trim()) });
  }
  return units;
}

export function splitUnits(text: string): string[] {
  return readUnitList(text).map((unit) => unit.name);
}

/** Whether a name reads as a unit; used to tell 市教育局牵头 (a unit leads) from 发挥龙头企业牵头作用. */
export function looksLikeUnit(name: string): boolean {
  if (name.length < 2 || name.length > 24 || /[，。；：]/.test(name)) return false;
  if (isUnitGroup(name)) return true;
  return /(委|局|办|厅|部|院|会|政府|中心|署|处|室|集团|公司|队|行|关|所|站|联|团|社|街道|镇|委员会|管委会|法院|检察院|中央)$/.test(name);
}
