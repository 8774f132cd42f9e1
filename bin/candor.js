#!/usr/bin/env node
// The `candor` command. Candor runs its TypeScript sources directly through tsx (docs/adr/0002).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
