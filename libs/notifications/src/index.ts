export * from './templates';
export * from './kinds';
export * from './schedule';
export * from './channels/message';
export * from './channels/email.channel';
export * from './channels/webhook.channel';
export * from './dispatcher';
export * from './compose';
