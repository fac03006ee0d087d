import { z } from 'zod';

/**
 * Text typed by people (names, titles, labels, reasons, notes), one rule for every field:
 * normalised to NFC (a decomposed "é" is stored composed, so it matches in search and compares
 * equal), and refused with 400 `invalid_text` naming the field when it holds a character that can
 * disguise what a reader sees:
 * - C0 and C1 control characters and DEL (a single line also refuses tab and line breaks; a
 *   multi-line text keeps `\n` and tab, and its `\r\n` / `\r` become `\n`);
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder
 *   what follows them, so `"Bidi \u202egnp.exe"` reads as "Bidi exe.png";
 * - invisible characters with no use in a name or a note: zero width space (U+200B), word joiner
 *   and invisible operators (U+2060–U+2064), the deprecated format characters (U+206A–U+206F),
 *   the byte order mark (U+FEFF), the Mongolian vowel separator (U+180E), interlinear annotation
 *   marks (U+FFF9–U+FFFB), line and paragraph separators (U+2028, U+2029), and lone surrogates.
 * Allowed on purpose: ZWNJ and ZWJ (U+200C, U+200D), which Persian, Arabic-script languages and
 * emoji need, and the direction marks LRM, RLM and ALM (U+200E, U+200F, U+061C), which Arabic text
 * mixed with numbers or Latin needs; they change no character's order beyond their neighbours.
 */

export const INVALID_TEXT = 'invalid_text';

const INVISIBLE = new Set([0x180e, 0x200b, 0x2028, 0x2029, 0xfeff]);

function refused(cp: number, multiLine: boolean): boolean {
  if (cp === 0x0a || cp === 0x09) return !multiLine;
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f && cp !== 0x2065) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    INVISIBLE.has(cp)
  );
}

/** The first refused character of `text`, as `U+XXXX`, or null. */
export function refusedCharacter(text: string, multiLine: boolean): string | null {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (refused(cp, multiLine)) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return null;
}

function checked(schema: z.ZodString, multiLine: boolean): z.ZodString {
  return schema.check((ctx) => {
    const found = refusedCharacter(ctx.value, multiLine);
    if (found === null) return;
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `must not contain control, invisible or text-direction characters (found ${found})`,
      params: { code: INVALID_TEXT },
      continue: false, // one problem per field: length is not measured on refused text
    });
  });
}

/** A name, title, label or short reason: one line, NFC, trimmed, `min` (default 1) to `max` characters. */
export function singleLine({ max, min = 1 }: { max: number; min?: number }): z.ZodString {
  return checked(
    z
      .string()
      .overwrite((s) => s.normalize('NFC'))
      .trim(),
    false,
  )
    .min(min)
    .max(max);
}

/** A note or a longer reason: lines kept (`\r\n` → `\n`), NFC, trimmed, at most `max` characters. */
export function multiLine({ max, min = 0 }: { max: number; min?: number }): z.ZodString {
  return checked(
    z
      .string()
      .overwrite((s) => s.normalize('NFC').replace(/\r\n?/g, '\n'))
      .trim(),
    true,
  )
    .min(min)
    .max(max);
}
