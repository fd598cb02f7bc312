/**
 * Zod compiles object parsers with `new Function` when it can, and probes for that by calling `Function('')` — an eval
 * the Content-Security-Policy refuses (and reports as a violation) even though Zod catches the error. `jitless`
 * makes Zod interpret instead, with no probe. Imported first by main.tsx, before anything parses.
 */
import { config } from 'zod';

config({ jitless: true });
