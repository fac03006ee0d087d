import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Shipped with the server (server/assets/common-passwords.NOTICE.md says what is in it). */
export const COMMON_PASSWORDS_FILE = path.resolve(
  import.meta.dirname,
  '../../../assets/common-passwords.txt.gz',
);

/**
 * A sorted list held as one string plus the offset of each line: about 1.1 MB for 86,000
 * passwords, against several MB for a Set of as many small strings, and no per-entry objects
 * for the garbage collector to walk. Looked up by binary search.
 */
export class SortedList {
  readonly #text: string;
  readonly #starts: Uint32Array;

  constructor(text: string) {
    this.#text = text.endsWith('\n') ? text : `${text}\n`;
    let n = 0;
    for (let i = 0; i < this.#text.length; i++) if (this.#text.charCodeAt(i) === 10) n++;
    this.#starts = new Uint32Array(n + 1);
    let line = 1;
    for (let i = 0; i < this.#text.length; i++)
      if (this.#text.charCodeAt(i) === 10) this.#starts[line++] = i + 1;
  }

  get size(): number {
    return this.#starts.length - 1;
  }

  #at(i: number): string {
    return this.#text.slice(this.#starts[i]!, this.#starts[i + 1]! - 1);
  }

  has(value: string): boolean {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const entry = this.#at(mid);
      if (entry === value) return true;
      if (entry < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

let list: SortedList | undefined;

/** The list, read and unpacked on first use (a few tens of ms), then kept. */
export function commonPasswords(): SortedList {
  list ??= new SortedList(gunzipSync(readFileSync(COMMON_PASSWORDS_FILE)).toString('utf8'));
  return list;
}

/** Whether the password, compared without regard to case, is on the shipped list. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.normalize('NFC').toLowerCase());
}
