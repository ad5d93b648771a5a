import { splitUnits } from './split-units';
import { readItemText } from './responsibility';

describe('splitUnits', () => {
  it('distributes the level prefix of the first unit over an enumeration', () => {
    expect(splitUnits('市发展改革委、科技创新委、国土规划委,各区政府')).toEqual(['市发展改革委', '市科技创新委', '市国土规划委', '各区政府']);
    expect(splitUnits('市委宣传部,市文化广电新闻出版局、科技创新委、财政局,各区政府')).toEqual([
      '市委宣传部',
      '市文化广电新闻出版局',
      '市科技创新委',
      '市财政局',
      '各区政府',
    ]);
    expect(splitUnits('区发展改革局；工业和信息化局，科技局')).toEqual(['区发展改革局', '区工业和信息化局', '区科技局']);
    expect(splitUnits('市委宣传部、组织部')).toEqual(['市委宣传部', '市委组织部']);
  });

  it('gives no 区 to the vertically managed bodies of a place (海事局, 边检站, 银保监组)', () => {
    expect(splitUnits('区税务局、平潭海事局、平潭边检站、平潭银保监组、区城乡交建中心')).toEqual([
      '区税务局',
      '平潭海事局',
      '平潭边检站',
      '平潭银保监组',
      '区城乡交建中心',
    ]);
  });

  it('drops the bracket that says which part a unit leads', () => {
    expect(splitUnits('区社会事业局（牵头医疗医美板块）、区市场监管局（牵头医药器械板块）')).toEqual(['区社会事业局', '区市场监管局']);
  });

  it('keeps groups whole and gives no prefix to names that stand alone', () => {
    expect(splitUnits('市相关部门、各区政府')).toEqual(['市相关部门', '各区政府']);
    expect(splitUnits('各“互联网+”小镇所在区政府')).toEqual(['各“互联网+”小镇所在区政府']);
    expect(splitUnits('区商务局、南沙海关、天河区政府、中共广州市委网信办')).toEqual(['区商务局', '南沙海关', '天河区政府', '中共广州市委网信办']);
  });

  it('drops role words and 等 after the last unit', () => {
    expect(splitUnits('市财政局、各区政府等按职责分工负责')).toEqual(['市财政局', '各区政府']);
  });
});

describe('readItemText', () => {
  it('reads （牵头单位：…；配合单位：…） with several leads', () => {
    const read = readItemText(['加大政策扶持。（牵头单位：市工业和信息化委、发展改革委；配合单位：市财政局、各区政府）'], false);
    expect(read.responsibility).toEqual({ leadUnits: ['市工业和信息化委', '市发展改革委'], coUnits: ['市财政局', '各区政府'] });
    expect(read.text).toBe('加大政策扶持。');
  });

  it('honours a （牵头） mark inside a 责任单位 list', () => {
    const read = readItemText(['推进工作。（责任单位：市财政局、市发展改革委（牵头）、各区政府）'], false);
    expect(read.responsibility).toEqual({ leadUnits: ['市发展改革委'], coUnits: ['市财政局', '各区政府'] });
  });

  it('does not take 发挥龙头企业牵头作用 for an assignment', () => {
    expect(readItemText(['发挥龙头企业牵头作用，带动中小企业发展。'], false).responsibility).toBeNull();
  });

  it('reads 牵头负责;…负责配合落实 and a unit with its other name in brackets', () => {
    expect(readItemText(['开展调查。（区资源生态局牵头负责;各片区负责配合落实）'], false).responsibility).toEqual({
      leadUnits: ['区资源生态局'],
      coUnits: ['各片区'],
    });
    expect(readItemText(['规范药物使用。（区农业农村局、区农业农村中心（区供销社）等按职责分工负责）'], false).responsibility).toEqual({
      leadUnits: ['区农业农村局', '区农业农村中心'],
      coUnits: [],
    });
  });

  it('reports a clause that never closes', () => {
    expect(readItemText(['推进工作。（牵头单位：市财政局；配合单位：各'], false).unfinishedClause).toBe('（牵头单位：市财政局；配合单位：各');
  });
});
