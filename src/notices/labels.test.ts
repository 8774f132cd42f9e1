import { describe, expect, it } from 'vitest';
import { noticeTypeIds } from './catalogue.js';
import { campaignName, channelLabel, hasNoticeTypeLabel, noticeTypeLabel } from './labels.js';

describe('what staff read for notices', () => {
  it('every notice type has a label in English and Spanish', () => {
    expect(noticeTypeIds().filter((id) => !hasNoticeTypeLabel(id))).toEqual([]);
    for (const id of noticeTypeIds()) {
      expect(noticeTypeLabel(id, 'en')).not.toBe(noticeTypeLabel(id, 'es'));
      expect(noticeTypeLabel(id, 'en')).not.toBe(id);
    }
  });

  it('a campaign is named by its notice, audience and start', () => {
    const c = { noticeType: 'payment-reminder', audienceLabel: 'Demo enrollees (seeded)', startAt: new Date('2026-11-09T15:00:00Z') };
    expect(campaignName(c, 'en')).toBe('Payment reminder to Demo enrollees (seeded), November 9, 2026');
    expect(campaignName({ ...c, audienceLabel: 'Inscritos de demostración (sembrados)' }, 'es')).toBe('Recordatorio de pago para Inscritos de demostración (sembrados), 9 de noviembre de 2026');
    expect(channelLabel('text', 'es')).toBe('Mensaje de texto');
  });
});
