/** What an application still lacks before it can be submitted (pure). */
import type { ApplicationStep } from './application-draft.js';

export interface ApplicationState {
  members: Array<{ isPrimary: boolean; seekingCoverage: boolean }>;
  hasAddress: boolean;
  annualIncomeCents: number | null;
  taxHouseholdSize: number | null;
}

export type Gap = 'no-primary' | 'nobody-seeking-coverage' | 'no-address' | 'no-income';

export function applicationGaps(s: ApplicationState): Gap[] {
  const gaps: Gap[] = [];
  if (!s.members.some((m) => m.isPrimary)) gaps.push('no-primary');
  if (!s.members.some((m) => m.seekingCoverage)) gaps.push('nobody-seeking-coverage');
  if (!s.hasAddress) gaps.push('no-address');
  if (s.annualIncomeCents === null || s.taxHouseholdSize === null) gaps.push('no-income');
  return gaps;
}

/** The step that fills a gap, for sending the person back to it. */
export function stepForGap(gap: Gap): ApplicationStep {
  switch (gap) {
    case 'no-primary':
    case 'nobody-seeking-coverage':
      return 'people';
    case 'no-address':
      return 'address';
    case 'no-income':
      return 'income';
  }
}
