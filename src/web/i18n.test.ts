import { describe, expect, it } from 'vitest';
import { MODULES } from '../app/modules.js';
import { ALL_CATALOGUES, formatMoney, interpolate } from './i18n.js';
import './messages.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogue', () => {
  it('has every string in English and Spanish, non-empty, with the same placeholders', () => {
    expect(MODULES.length).toBeGreaterThan(0); // importing the modules defines their catalogues
    expect(ALL_CATALOGUES.length).toBeGreaterThan(1);
    const problems: string[] = [];
    for (const catalogue of ALL_CATALOGUES) {
      for (const key of Object.keys(catalogue.en)) {
        const en = catalogue.en[key]!;
        const es = catalogue.es[key];
        if (!es || !es.trim()) problems.push(`${key}: no Spanish`);
        else if (JSON.stringify(placeholders(en)) !== JSON.stringify(placeholders(es))) problems.push(`${key}: placeholders differ`);
      }
      for (const key of Object.keys(catalogue.es)) if (!(key in catalogue.en)) problems.push(`${key}: only in Spanish`);
    }
    expect(problems).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Hello {name}, {missing}', { name: 'Ana' })).toBe('Hello Ana, {missing}');
  });

  it('writes money from integer cents', () => {
    expect(formatMoney(129900, 'en')).toBe('$1,299.00');
    expect(formatMoney(5, 'en')).toBe('$0.05');
  });
});
