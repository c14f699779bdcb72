// Password hashing with Node's built-in scrypt (RFC 7914). Format: scrypt$N$r$p$salt$hash (base64url).
import crypto from 'node:crypto';

const N = 16384, R = 8, P = 1, KEYLEN = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password.normalize('NFC'), salt, KEYLEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts;
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  const expected = Buffer.from(hash, 'base64url');
  return expected.length === key.length && crypto.timingSafeEqual(expected, key);
}

/** A random password that is easy to type: 4 groups of 4 from an unambiguous alphabet. */
/** Always satisfies passwordProblem(): drawn again in the rare case it lacks a letter or a digit. */
export function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  for (;;) {
    const bytes = crypto.randomBytes(16);
    let out = '';
    for (let i = 0; i < 16; i++) {
      if (i && i % 4 === 0) out += '-';
      out += alphabet[bytes[i] % alphabet.length];
    }
    if (passwordProblem(out) === null) return out;
  }
}

/** Problems with a proposed password, in Chinese; empty when acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return '密码至少 10 个字符';
  if (password.length > 200) return '密码不能超过 200 个字符';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码需同时包含字母和数字';
  return null;
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}
