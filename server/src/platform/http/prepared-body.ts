import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A JSON answer encoded once and sent to many askers: as is, or gzip-compressed (compressed on
 * first need, then kept) for clients that accept it, as browsers do. A free week of slots runs to
 * tens of kilobytes and shrinks about tenfold; compressing once per answer, not per request,
 * keeps that off the hot path.
 */
export class PreparedJson {
  #gzip: Buffer | undefined;

  constructor(readonly bytes: Buffer) {}

  static of(json: string): PreparedJson {
    return new PreparedJson(Buffer.from(json));
  }

  gzip(): Buffer {
    this.#gzip ??= gzipSync(this.bytes, { level: 6 });
    return this.#gzip;
  }

  /** Sends it (the typed reply of a route models objects only; a Buffer goes out as is). */
  send(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
    if (this.bytes.length >= MIN_COMPRESSED && acceptsGzip(request.headers['accept-encoding'])) {
      return reply.header('content-encoding', 'gzip').send(this.gzip());
    }
    return reply.send(this.bytes);
  }
}

/** Below this, gzip's framing costs more than it saves. */
const MIN_COMPRESSED = 1024;

/** True when an Accept-Encoding header admits gzip (by name or `*`) with a q-value above 0. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  let gzip: number | undefined;
  let star: number | undefined;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    let q = 1;
    for (const p of params) {
      const m = /^q=(.*)$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (Number.isNaN(q)) q = 0;
    if (name === 'gzip' || name === 'x-gzip') gzip = Math.max(gzip ?? 0, q);
    else if (name === '*') star = q;
  }
  return (gzip ?? star ?? 0) > 0;
}
