/**
 * Text someone typed (a person's name in an invitation) that ends up in an email we send. An owner
 * could otherwise use our mail to deliver their own message ("Your bank: verify at http://…") from
 * our address, so such text is never the start of an email, and is reduced to a short, inert
 * quotation: one line, no control or direction-changing characters, no clickable address.
 */
export const QUOTED_TEXT_MAX = 60;

// Control characters, line/paragraph separators and format characters (zero-width, bidirectional
// overrides and isolates: they can make text read differently from what it is).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

export function quoteUserText(text: string, max = QUOTED_TEXT_MAX): string {
  let out = text
    .normalize('NFKC')
    .replace(INVISIBLE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // Defang anything a mail client would turn into a link: schemes, and dots between letters
    // or digits (domains). "Dr. Ada" keeps its dot (a space follows it).
    .replace(/[a-z][a-z0-9+.-]*:\/\//gi, '')
    .replace(/([\p{L}\p{N}])\.(?=[\p{L}\p{N}])/gu, '$1 . ')
    .replace(/@/g, ' at ');
  if (out.length > max) out = `${out.slice(0, max - 1).trimEnd()}…`;
  return out;
}

/** A clinic's name in a subject or first line: set by the platform, but still kept to one plain line. */
export function plainLine(text: string, max = 200): string {
  const out = text.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  return out.length > max ? `${out.slice(0, max - 1).trimEnd()}…` : out;
}
