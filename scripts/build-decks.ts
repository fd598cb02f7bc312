/** `npm run decks -- --source DIR --out DIR [--strict]`: see scripts/decks-cli.ts and docs/deck-format.md. */
import { main } from './decks-cli.ts';

process.exitCode = main(process.argv.slice(2), {
  cwd: process.cwd(),
  stderr: (line) => process.stderr.write(`${line}\n`),
  stdout: (line) => process.stdout.write(`${line}\n`),
});
