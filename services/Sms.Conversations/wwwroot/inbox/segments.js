// GSM-7 / UCS-2 segment arithmetic for the compose box: a line-for-line mirror of
// services/Sms.Carriers/Segments/SmsSegments.cs (3GPP TS 23.038). 160 septets or 70 UTF-16 units in one part;
// 153 and 67 per part of a multipart message. GSM-7 extension characters cost two septets and an escape pair is
// never split; a surrogate pair is never split either. One character outside GSM-7 makes the whole message UCS-2.
// SegmentsCrossCheckTests (tests/Sms.Carriers.Tests) runs this file under node and compares it with SmsSegments.

const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

const EXTENSION = "\f^{}\\[~]|€";

// Sets of UTF-16 code units, as C#'s HashSet<char>: every character of both tables is in the Basic Multilingual Plane.
const BASIC_SET = new Set(Array.from({ length: BASIC.length }, (_, i) => BASIC.charCodeAt(i)));
const EXTENSION_SET = new Set(Array.from({ length: EXTENSION.length }, (_, i) => EXTENSION.charCodeAt(i)));

export const GSM7 = "Gsm7";
export const UCS2 = "Ucs2";

/** True when every UTF-16 unit of the text is in the GSM-7 basic or extension table. */
export function isGsm7(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!BASIC_SET.has(c) && !EXTENSION_SET.has(c)) return false;
  }
  return true;
}

/**
 * How a text travels over SMS.
 * @returns {{encoding: "Gsm7"|"Ucs2", units: number, segments: number, unitsPerSegment: number, remainingInLastSegment: number}}
 */
export function measure(text) {
  return isGsm7(text) ? measureGsm7(text) : measureUcs2(text);
}

function info(encoding, units, segments, unitsPerSegment) {
  const remainingInLastSegment = segments === 0 ? unitsPerSegment : segments * unitsPerSegment - units;
  return { encoding, units, segments, unitsPerSegment, remainingInLastSegment };
}

function septets(code) {
  return EXTENSION_SET.has(code) ? 2 : 1;
}

function measureGsm7(text) {
  let units = 0;
  for (let i = 0; i < text.length; i++) units += septets(text.charCodeAt(i));
  if (units <= 160) return info(GSM7, units, units === 0 ? 0 : 1, 160);
  return info(GSM7, units, countGsm7Parts(text, 153), 153);
}

function measureUcs2(text) {
  const units = text.length;
  if (units <= 70) return info(UCS2, units, 1, 70);
  return info(UCS2, units, countUtf16Parts(text, 67), 67);
}

/** Fills parts of `capacity` septets, moving a two-septet character whole to the next part. */
function countGsm7Parts(text, capacity) {
  let parts = 1;
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const size = septets(text.charCodeAt(i));
    if (used + size > capacity) { parts++; used = 0; }
    used += size;
  }
  return parts;
}

const isHighSurrogate = (c) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c) => c >= 0xdc00 && c <= 0xdfff;

/** Fills parts of `capacity` UTF-16 units, keeping a surrogate pair in one part. */
function countUtf16Parts(text, capacity) {
  let parts = 1;
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const size = isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
    if (used + size > capacity) { parts++; used = 0; }
    used += size;
    i += size - 1;
  }
  return parts;
}

/** The compose box's counter: "12 / 160 · 1 segment · GSM-7", "75 / 134 · 2 segments · UCS-2". */
export function describe(measured) {
  const capacity = Math.max(measured.segments, 1) * measured.unitsPerSegment;
  const parts = `${measured.segments} ${measured.segments === 1 ? "segment" : "segments"}`;
  const encoding = measured.encoding === GSM7 ? "GSM-7" : "UCS-2";
  return `${measured.units} / ${capacity} · ${parts} · ${encoding}`;
}

/** The characters that force UCS-2, so the agent can see why the limit dropped to 70. */
export function nonGsmCharacters(text) {
  const found = [];
  for (const ch of text) {
    if (!isGsm7(ch) && !found.includes(ch)) found.push(ch);
  }
  return found;
}
