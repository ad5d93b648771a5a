import { createHmac } from 'node:crypto';
import { dingtalkSignedUrl, signBody, wecomPayload, dingtalkPayload, genericPayload } from './webhook.channel';
import { idempotencyHeader, messageIdFor, type OutgoingMessage } from './message';

const message: OutgoingMessage = {
  idempotencyKey: 'item:GZ:T01:2018Q1:reminder.open:lead:p1:inbox>unit:c1',
  subject: '【报告提醒】推进工业互联网发展（2018年第1季度）报告期已开始',
  text: '正文',
  link: 'http://127.0.0.1:3000/items/x',
  kind: 'reminder.open',
  critical: false,
  itemId: 'x',
  periodKey: '2018Q1',
  notificationKeys: ['k'],
  locale: 'zh-CN',
};

describe('webhook formats and signatures', () => {
  it('signs the timestamp and the raw body with HMAC-SHA256', () => {
    const body = JSON.stringify(genericPayload(message));
    expect(signBody(body, 's3cret', '1700000000')).toBe(`sha256=${createHmac('sha256', 's3cret').update(`1700000000.${body}`).digest('hex')}`);
    expect(signBody(body, 's3cret', '1700000001')).not.toBe(signBody(body, 's3cret', '1700000000'));
    expect(JSON.parse(body).idempotencyKey).toBe(message.idempotencyKey);
  });

  it('writes the WeCom and DingTalk robot markdown formats', () => {
    expect(wecomPayload(message)).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining(message.subject) } });
    expect(dingtalkPayload(message)).toEqual({ msgtype: 'markdown', markdown: { title: message.subject, text: expect.stringContaining('正文') } });
  });

  it('renders records as text in robot markdown: no link, image, tag or emphasis can be smuggled in', () => {
    const poisoned = {
      ...message,
      subject: '<font color="warning">[点此](http://evil.example)</font>',
      text: '**粗体** ![x](http://evil.example/x.png)\n链接：http://127.0.0.1:3000/console/items/x-1',
    };
    const content = (wecomPayload(poisoned) as { markdown: { content: string } }).markdown.content;
    expect(content).not.toMatch(/<font|\]\(|!\[|\*\*粗体/);
    expect(content).toContain('＜font color="warning"＞［点此］（http://evil.example）＜/font＞');
    expect(content).toContain('http://127.0.0.1:3000/console/items/x-1');
    const ding = (dingtalkPayload(poisoned) as { markdown: { title: string; text: string } }).markdown;
    expect(ding.text).not.toMatch(/<font|\]\(/);
  });

  it("adds DingTalk's timestamp and sign to the robot URL", () => {
    const url = new URL(dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECabc', 1700000000000));
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', 'SECabc').update('1700000000000\nSECabc').digest('base64'));
  });

  it('derives a stable, well-formed Message-ID from the idempotency key', () => {
    expect(messageIdFor(message.idempotencyKey)).toBe(messageIdFor(message.idempotencyKey));
    expect(messageIdFor(message.idempotencyKey)).toMatch(/^<[0-9a-f]{40}@duban>$/);
  });

  it('percent-encodes the idempotency key for headers, whose values must be ASCII (plan codes may be Chinese)', () => {
    const key = 'item:穗府办函〔2017〕324号:T01:escalation:2018Q1:0:notice:2:0:p:inbox>email:a@b.c';
    expect(idempotencyHeader(key)).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(idempotencyHeader(key))).toBe(key);
  });
});
