/**
 * Public identifiers people read out or carriers receive. Case numbers and
 * policy numbers avoid letters that are misread on the phone (I, O, U, 0, 1).
 */
import { randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTVWXYZ';

function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** `H-` and eight characters: 31^8 ≈ 8.5 × 10^11 values. */
export function newCaseNumber(): string {
  return `H-${randomCode(8)}`;
}

/** Exchange-assigned policy id (REF*1L), `P` and eleven characters. */
export function newPolicyNumber(): string {
  return `P${randomCode(11)}`;
}
