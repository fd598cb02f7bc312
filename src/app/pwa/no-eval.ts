/**
 * Zod compiles object parsers with `new Function` when it can, and probes for that by calling `Function('')` — an eval
 * the Content-Security-Policy refuses (and reports as a violation) even though Zod catches the error. `jitless`
 * makes Zod interpret instead, with no probe. Imported first by main.tsx, before anything parses.
 *
 * Set through Zod's global config object (`globalThis.__zod_globalConfig`, which zod/v4/core/core.js adopts when it
 * already exists) rather than `import { config } from 'zod'`: importing Zod here would pull all of it into the
 * start-up JS, while only the lazily loaded deck sync and backup code use it.
 */
const scope = globalThis as typeof globalThis & { __zod_globalConfig?: { jitless?: boolean } };
scope.__zod_globalConfig ??= {};
scope.__zod_globalConfig.jitless = true;
