/**
 * The parser's own process (see parse-in-child.ts): reads one document per message and answers with the plan or
 * the reason it could not read it, telling the parent each stage it enters so a timeout can say how far it got.
 */
import { parsePlanDocument } from '../parse-plan-document';
import { isPlanParseError } from '../plan-parse.error';
import type { ChildAnswer, ChildRequest } from './child-messages';

function answer(message: ChildAnswer): void {
  process.send?.(message);
}

process.on('message', (request: ChildRequest) => {
  try {
    const content = typeof request.content === 'string' ? request.content : Buffer.from(request.content);
    const plan = parsePlanDocument(content, request.fileName, request.maxBytes, (stage) => answer({ kind: 'stage', stage }));
    answer({ kind: 'plan', plan });
  } catch (err) {
    if (isPlanParseError(err)) answer({ kind: 'refused', code: err.code, messageKey: err.messageKey, params: err.params });
    else answer({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
});

// The parent went away (the API stopped): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
