import { connect as tcpConnect } from 'node:net';

/** True when something accepts connections on host:port within a short time. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port, timeout: 500 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * The Redis tests use: REDIS_URL (CI sets it, and then an unreachable Redis is a failure), or
 * locally the default port when something runs there; undefined skips them.
 */
export async function redisUrlForTests(): Promise<string | undefined> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  return (await answers('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : undefined;
}
