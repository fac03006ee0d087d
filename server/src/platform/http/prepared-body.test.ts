import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, PreparedJson } from './prepared-body.ts';

describe('acceptsGzip', () => {
  it('reads names, wildcards and q-values the way HTTP means them', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('identity, br')).toBe(false);
    expect(acceptsGzip('gzip;q=nonsense')).toBe(false);
    expect(acceptsGzip(['br', 'gzip'])).toBe(true);
  });
});

describe('PreparedJson', () => {
  const big = { items: Array.from({ length: 200 }, (_, i) => ({ i, text: 'a slot of a free week' })) };
  const app = Fastify();
  const prepared = PreparedJson.of(JSON.stringify(big));
  app.get('/big', (req, reply) => prepared.send(req, reply));
  app.get('/small', (req, reply) => PreparedJson.of('{"ok":true}').send(req, reply));

  it('sends the same JSON compressed to clients that accept gzip, plain to the rest', async () => {
    const zipped = await app.inject({ url: '/big', headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(zipped.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(zipped.rawPayload.length).toBeLessThan(prepared.bytes.length / 5);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString())).toEqual(big);
    const plain = await app.inject({ url: '/big' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(big);
    // Compressed once, then the same bytes.
    expect(prepared.gzip()).toBe(prepared.gzip());
    const small = await app.inject({ url: '/small', headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ ok: true });
  });
});
