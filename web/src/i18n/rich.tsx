import type { ReactNode } from 'react';
import { LOCALES, type MessageKey, type PluralKey, useI18n } from './index';
import { renderMessage } from './plural';

/**
 * A sentence whose placeholders are names, times or prices (typed by the clinic or written by
 * Intl): each value sits in its own `<bdi>`, so a Latin name in an Arabic sentence (or an Arabic
 * name in an English one) keeps its own direction and does not drag the punctuation next to it
 * ("· Dr. Daniel Reed مع General consultation"). The words and their order are the dictionary's;
 * code never glues words together with separators.
 */
export function Words(
  props:
    | { k: MessageKey; values: Record<string, ReactNode> }
    | { k: PluralKey; values: Record<string, ReactNode>; count: number },
) {
  const { locale } = useI18n();
  const message = LOCALES[locale].messages[props.k];
  // A plural message picks its form by `count` (written in the language's digits); the other
  // placeholders stay `{name}` here and become isolated parts below.
  const keep = Object.fromEntries(Object.keys(props.values).map((name) => [name, `{${name}}`]));
  const text =
    'count' in props ? renderMessage(locale, message, { ...keep, count: props.count }) : String(message);
  return <>{isolatedParts(text, props.values)}</>;
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
