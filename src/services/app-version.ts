/**
 * The version of the running build, shown in Settings. Vite replaces `__APP_VERSION__` at build time with
 * package.json's version (or the `APP_VERSION` environment variable, which the update test uses to tell builds
 * apart). Tests that run the source without Vite's define see "dev".
 */
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
