import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/**
 * The dashboard's guard, as Jupyter's: a random token, printed in the URL the command shows, is required on every
 * request (a request without it gets 401 and nothing else happens). A GET may carry it in the query (the page's URL,
 * its assets, the event stream); a request that changes anything must carry it in the `X-Heatstack-Token` header,
 * which no other site's form or link can send — and since no CORS header is ever sent, no other site's script may
 * either. Every answer forbids framing, sniffing, caching and sending the token on as a referrer (a link to a
 * stack's `BlogURL` must not hand it to the blog).
 */

export const TOKEN_HEADER = 'X-Heatstack-Token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const READ_ONLY = new Set(['GET', 'HEAD']);

export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header(TOKEN_HEADER);
    const ok = READ_ONLY.has(c.req.method) ? same(header ?? c.req.query('token'), token) : same(header, token);
    if (!ok) {
      const why = READ_ONLY.has(c.req.method)
        ? 'this dashboard needs the token of the URL `heatstack ui` printed'
        : `a request that changes something needs the token in the ${TOKEN_HEADER} header`;
      return c.json({ error: why }, 401);
    }
    await next();
  };
}

const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // The topology's SVG carries its own <style>.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', POLICY);
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
};
