/**
 * Lines that belong to the web page a plan was copied from, not to the plan: breadcrumbs, article info, share
 * and print links, the site footer. Matching whole lines keeps the risk low: none of these shapes occurs as a
 * line of a plan's own text.
 */
const CHROME_LINES: RegExp[] = [
  /^(当前位置|您的位置|您现在的位置|所在位置)/,
  /^首页\s*(>|»|>>|\/)/,
  /\s(>>|»|>)\s|>>/,
  /^(作者|来源|发布时间|发布日期|时间|日期|浏览次数|点击数|文章点击数|阅读次数|访问量|字号|字体|信息来源|发布机构|分享到|扫一扫)\s*[:：]/,
  /^【?\s*(字体|打印|关闭|打印本页|关闭窗口|收藏|分享)/,
  /^(上一篇|下一篇|相关链接|相关文章|相关阅读|相关新闻|附件下载)\s*[:：]?/,
  /^(联系电话|联系我们|电话|传真|邮编|邮箱|电子邮箱|地址|网站地图|主办单位|承办单位|网站标识码|技术支持|网络通信支持)\s*[:：]/,
  /copyright|©|版权所有|ICP备|ICP证|公网安备|网站标识码|设为首页|加入收藏|网站地图|无障碍浏览|长者模式/i,
];

/** A navigation category glued before the article title, e.g. 政策法规|广州市人民政府办公厅关于…. */
const CATEGORY_PREFIX = /^[^|｜]{1,10}[|｜]\s*/;

function isChrome(line: string): boolean {
  return CHROME_LINES.some((pattern) => pattern.test(line));
}

export function stripChrome(lines: string[]): string[] {
  return lines.filter((line) => !isChrome(line)).map((line) => line.replace(CATEGORY_PREFIX, ''));
}

/** Splits into trimmed, non-empty lines with the invisible characters web copies carry removed. */
export function toLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
