import type { ReactNode } from 'react';
import { LOCALES, type MessageKey, useI18n } from './index';

/**
 * A sentence whose placeholders are names, times or prices (typed by the clinic or written by
 * Intl): each value sits in its own `<bdi>`, so a Latin name in an Arabic sentence (or an Arabic
 * name in an English one) keeps its own direction and does not drag the punctuation next to it
 * ("· Dr. Daniel Reed مع General consultation"). The words and their order are the dictionary's;
 * code never glues words together with separators.
 */
export function Words({ k, values }: { k: MessageKey; values: Record<string, ReactNode> }) {
  const { locale } = useI18n();
  const message = LOCALES[locale].messages[k];
  return <>{isolatedParts(typeof message === 'string' ? message : '', values)}</>;
}

/** The message split at its placeholders, each value in a `<bdi>` (unknown ones left as typed). */
export function isolatedParts(text: string, values: Record<string, ReactNode>): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  for (const piece of text.split(/(\{\w+\})/)) {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    if (name !== undefined && name in values) out.push(<bdi key={at}>{values[name]}</bdi>);
    else if (piece) out.push(piece);
    at += 1;
  }
  return out;
}

export { isolate } from './format';
