/**
 * Emails, phone numbers and card numbers found in text, by hand-written scanners that read each
 * character a bounded number of times: a write key is public, so no input may make redaction
 * slower than linear (a backtracking regex took 19 s on 30 strings of 32 KB without an "@").
 * Semantics: docs/privacy.md#patterns.
 */

export const REDACTED = { email: "[redacted:email]", phone: "[redacted:phone]", card: "[redacted:card]" } as const;

/** `value` with every email, phone and card number replaced; the same string when none was found. */
export function redactText(value: string): string {
  const whole = wholeNumber(value);
  if (whole) return whole;
  return redactNumbers(redactEmails(value));
}

/** A card number sent as a JSON number (4111111111111111): redacted like its text. */
export function redactNumber(value: number): number | string {
  if (!Number.isSafeInteger(value) || value < 1e12) return value;
  return isCard(String(value)) ? REDACTED.card : value;
}

// --- emails: local@domain.tld, "@" also written "%40" (URL-encoded) --------------------------

const isLocal = (c: number) =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 46 ||
  c === 95 ||
  c === 37 ||
  c === 43 ||
  c === 45; // a-z A-Z 0-9 . _ % + -
const isDomain = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

function atWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 64) return 1; // @
  if (c === 37 && s.charCodeAt(i + 1) === 52 && s.charCodeAt(i + 2) === 48) return 3; // %40
  return 0;
}

/**
 * Each "@" (or "%40") with a non-empty local part before it and a domain with a dot and a
 * 2-letter-or-longer ending after it. The local part is scanned back no further than the previous
 * "@", and the domain forward no further than the next character outside it: every character is
 * read at most three times.
 */
function redactEmails(s: string): string {
  if (s.indexOf("@") < 0 && s.indexOf("%40") < 0) return s;
  let out = "";
  let emitted = 0; // s[0, emitted) is in `out`
  let floor = 0; // a local part starts at or after this: the end of the previous "@" or match
  for (let i = 0; i < s.length; ) {
    const width = atWidth(s, i);
    if (width === 0) {
      i++;
      continue;
    }
    let start = i;
    while (start > floor && isLocal(s.charCodeAt(start - 1))) start--;
    const domainStart = i + width;
    let end = domainStart;
    while (end < s.length && isDomain(s.charCodeAt(end))) end++;
    const tldEnd = start < i ? emailEnd(s, domainStart, end) : -1;
    if (tldEnd < 0) {
      i = domainStart;
      floor = domainStart;
      continue;
    }
    out += s.slice(emitted, start) + REDACTED.email;
    emitted = tldEnd;
    floor = tldEnd;
    i = tldEnd;
  }
  return emitted === 0 ? s : out + s.slice(emitted);
}

/** Where the email ends: after the letters following the last "." that has 2+ letters after it. */
function emailEnd(s: string, from: number, to: number): number {
  for (let dot = to - 3; dot > from; dot--) {
    if (s.charCodeAt(dot) !== 46 || !isLetter(s.charCodeAt(dot + 1)) || !isLetter(s.charCodeAt(dot + 2))) continue;
    let end = dot + 1;
    while (end < to && isLetter(s.charCodeAt(end))) end++;
    return end;
  }
  return -1;
}

// --- phone and card numbers -----------------------------------------------------------------

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWord = (c: number) => isDigit(c) || isLetter(c) || c === 95;
// Characters inside a written number: space ( ) . -
const isSeparator = (c: number) => c === 32 || c === 40 || c === 41 || c === 46 || c === 45;

const DATE_START = /^\d{4}[-.]\d{1,2}[-.]\d{1,2}/;
const DAY_FIRST_DATE = /^\d{1,2}[-.]\d{1,2}[-.]\d{2,4}$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const WHOLE_CARD = /^[\d\s-]{13,23}$/;
const WHOLE_PHONE = /^\+?[\d\s().-]{7,22}$/;

/** A value that is nothing but a phone or card number (the rules for a whole value are looser). */
function wholeNumber(value: string): string | null {
  if (value.length < 7 || value.length > 23 || !isDigit(value.charCodeAt(value.length - 1))) return null;
  const digits = value.replace(/\D/g, "");
  if (WHOLE_CARD.test(value) && isCard(digits)) return REDACTED.card;
  // A phone needs a + or a separator: bare digit strings are usually ids, not phone numbers.
  const phoneLike = WHOLE_PHONE.test(value) && digits.length >= 7 && digits.length <= 15 && /^\+|[\s().-]/.test(value);
  if (phoneLike && !DATE_START.test(value) && !DAY_FIRST_DATE.test(value) && !IPV4.test(value)) return REDACTED.phone;
  return null;
}

/**
 * Inside longer text: runs of digits and separators (optionally after "+" or "("), standing alone
 * (no letter or digit touching them). A card: 13–19 digits with only spaces or dashes between,
 * passing Luhn, starting 2–6 (the card networks). A phone: 8–15 digits, written with a leading
 * "+" or in at least three groups, and not a date or an IPv4 address.
 */
function redactNumbers(s: string): string {
  let out = "";
  let emitted = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(isDigit(c) || c === 43 || c === 40) || (i > 0 && isWord(s.charCodeAt(i - 1)))) continue;
    let end = i + 1;
    while (end < s.length && (isDigit(s.charCodeAt(end)) || isSeparator(s.charCodeAt(end)))) end++;
    while (end > i && !isDigit(s.charCodeAt(end - 1))) end--; // trailing separators are not part of it
    if (end <= i || (end < s.length && isWord(s.charCodeAt(end)))) {
      i = Math.max(i, end - 1);
      continue;
    }
    const run = s.slice(i, end);
    const kind = numberKind(run);
    if (kind) {
      out += s.slice(emitted, i) + REDACTED[kind];
      emitted = end;
    }
    i = end - 1;
  }
  return emitted === 0 ? s : out + s.slice(emitted);
}

function numberKind(run: string): "card" | "phone" | null {
  let digits = "";
  let groups = 1;
  let cardShaped = true;
  for (let k = 0; k < run.length; k++) {
    const c = run.charCodeAt(k);
    if (isDigit(c)) digits += run[k];
    else {
      if (k > 0 && isDigit(run.charCodeAt(k - 1))) groups++;
      if (c !== 32 && c !== 45) cardShaped = false;
    }
  }
  if (cardShaped && isCard(digits)) return "card";
  if (digits.length < 8 || digits.length > 15) return null;
  if (DATE_START.test(run) || DAY_FIRST_DATE.test(run) || IPV4.test(run)) return null;
  return run.startsWith("+") || groups >= 3 ? "phone" : null;
}

function isCard(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  const first = digits.charCodeAt(0);
  return first >= 50 && first <= 54 && luhn(digits); // 2–6
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
