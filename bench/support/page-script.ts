/**
 * Bundles a bench-only entry (seeding and timing code that imports the app's own modules) into one classic script
 * that a page can evaluate: the benches run it on the served origin, before or beside the app.
 */
import { build } from 'vite';

/** `entry` and everything it imports as one IIFE script exposing `name`, in production mode, not minified. */
export async function bundlePageScript(entry: string, name: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ['iife'], name },
    },
  });
  const result = Array.isArray(output) ? output[0] : output;
  if (!result || !('output' in result)) throw new Error('vite did not return the bundle');
  const chunk = result.output.find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('no chunk in the bundle');
  return chunk.code;
}
