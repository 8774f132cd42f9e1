/**
 * The IRS schemas restrict some text (names: letters, hyphens and single
 * spaces, at most 20 characters; cities: letters and spaces, at most 22; issuer
 * names: letters, digits and - ( ) & '). Accented letters are not allowed, so
 * "Peña" is written "Pena", the way the IRS's own name-control rules read it.
 */

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '');
}

function restrict(s: string, disallowed: RegExp, max: number): string {
  const cleaned = stripAccents(s).replace(disallowed, ' ').replace(/\s+/g, ' ').trim().slice(0, max).trim();
  return cleaned;
}

/** PersonFirstNameType / PersonLastNameType: ([A-Za-z\-] ?)*[A-Za-z\-], max 20. */
export function irsPersonName(s: string): string {
  return restrict(s, /[^A-Za-z\- ]/g, 20);
}

/** CityType: ([A-Za-z] ?)*[A-Za-z], max 22. */
export function irsCity(s: string): string {
  return restrict(s, /[^A-Za-z ]/g, 22);
}

/** PolicyIssuerNmType: ([A-Za-z0-9\-\(\)&'] ?)*[A-Za-z0-9\-\(\)&'], max 75. */
export function irsIssuerName(s: string): string {
  return restrict(s.replace(/’/g, "'"), /[^A-Za-z0-9\-()&' ]/g, 75);
}

/** Free text (xsd:string): accents kept, control characters and runs of spaces removed. */
export function irsText(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** StreetAddressType: [A-Za-z0-9]( ?[A-Za-z0-9\-/])*, max 35 ("12 Main St., Apt #4" → "12 Main St Apt 4"). */
export function irsStreet(s: string): string {
  return restrict(s, /[^A-Za-z0-9\-/ ]/g, 35).replace(/^[^A-Za-z0-9]+/, '');
}
