// format.js — money and dates as the CLI prints them: English "12,345.67 CNY" (money_format),
// Chinese 万/亿 ("3,270.00万", money_format_cn: hundredths of the unit, half away from zero);
// dates stay ISO (YYYY-MM-DD). Amounts arrive as integer fen and are handled as BigInt, never as a
// float.
import { getLang } from './i18n.js';

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// fen (number, bigint or numeric string) -> "12,345.67 CNY".
export function moneyEn(fen) {
  let v = BigInt(fen);
  const neg = v < 0n;
  if (neg) v = -v;
  const yuan = v / 100n;
  const cents = String(v % 100n).padStart(2, '0');
  return `${neg ? '-' : ''}${group(String(yuan))}.${cents} CNY`;
}

// fen -> "3,270.00万" / "1,283.00亿" / "123.45元", as money_format_cn.
export function moneyCn(fen) {
  let m = BigInt(fen);
  const neg = m < 0n;
  if (neg) m = -m;
  let unit = '元';
  let unitFen = 100n;
  if (m >= 10000000000n) {
    unit = '亿';
    unitFen = 10000000000n;
  } else if (m >= 1000000n) {
    unit = '万';
    unitFen = 1000000n;
  }
  const step = unitFen / 100n;
  const hundredths = m / step + ((m % step) * 2n >= step ? 1n : 0n);
  const frac = String(hundredths % 100n).padStart(2, '0');
  return `${neg ? '-' : ''}${group(String(hundredths / 100n))}.${frac}${unit}`;
}

// fen in the language shown: 万/亿 in Chinese, grouped CNY in English.
export function money(fen) {
  if (fen === null || fen === undefined || fen === '') return '';
  return getLang() === 'en' ? moneyEn(fen) : moneyCn(fen);
}

// An ISO date (or timestamp) as YYYY-MM-DD (timestamps keep their time, without nanoseconds).
export function isoDate(text) {
  if (!text) return '';
  const s = String(text);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(s);
  return m ? `${m[1]} ${m[2]}Z` : s;
}

// Whether text is a money amount the server's money_parse accepts in its common forms: digits
// with optional thousands commas and up to two decimals, an optional ¥ before and 元/万/亿/万元/亿元
// after (empty text is not).
export function looksLikeMoney(text) {
  return /^\s*¥?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?\s*(万元|亿元|元|万|亿)?\s*$/.test(text || '');
}

// Whether text is an ISO date YYYY-MM-DD of the calendar.
export function looksLikeDate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text || '')) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

// A ratio (0.1642) as a percentage with `digits` decimals ("16.42%"); null/undefined as "—".
export function percent(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(Number(x))) return '—';
  const v = Number(x) * 100;
  return `${(Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits)}%`;
}

// A multiple (TVPI 1.4) as "1.40x"; null/undefined as "—".
export function multiple(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(Number(x))) return '—';
  return `${Number(x).toFixed(digits)}x`;
}

// An amount in yuan as a float (model output, never a ledger amount) -> fen for money().
export function yuanToFen(yuan) {
  return BigInt(Math.round(Number(yuan) * 100));
}
