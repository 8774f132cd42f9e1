import type { StateProfile } from './profile.js';
import { vermont } from './vt.js';

const profiles: Record<string, StateProfile> = { vt: vermont };

export function stateProfile(id: string): StateProfile {
  const profile = profiles[id];
  if (!profile) throw new Error(`Unknown state profile "${id}"; known: ${Object.keys(profiles).join(', ')}`);
  return profile;
}

export type { StateProfile } from './profile.js';
