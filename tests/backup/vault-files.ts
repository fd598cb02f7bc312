import fs from 'node:fs';
import path from 'node:path';
import type { PickedFile } from '../../src/services/backup';

export const VAULT_DIR = path.join(import.meta.dirname, '../fixtures/vault');

/** Every file under a folder, as posix paths relative to it. */
export function walk(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? walk(path.join(dir, entry.name), rel) : [rel];
  });
}

/** A browser `File` as a folder picker gives it: `webkitRelativePath` starts with the picked folder's name. */
export function pickedFile(relativePath: string, text: string, folderPick = true): File {
  const file = new File([text], relativePath.split('/').at(-1) ?? relativePath, {
    type: 'text/markdown',
  });
  Object.defineProperty(file, 'webkitRelativePath', { value: folderPick ? relativePath : '' });
  return file;
}

/** The fixture vault as picked with `<input type=file webkitdirectory>` (plus its `.obsidian` folder). */
export function pickVault(edit: (rel: string, text: string) => string = (_r, t) => t): File[] {
  const files = walk(VAULT_DIR).map((rel) =>
    pickedFile(`vault/${rel}`, edit(rel, fs.readFileSync(path.join(VAULT_DIR, rel), 'utf8'))),
  );
  files.push(pickedFile('vault/.obsidian/app.json', '{}'));
  files.push(pickedFile('vault/01_Projects/DEforAI/Course/diagram.png', 'not really a png'));
  return files;
}

/** One chapter's files picked loose (no folders), as iOS Safari gives them. */
export function pickChapterLoose(chapterFolder: string): File[] {
  const dir = path.join(VAULT_DIR, '01_Projects/DEforAI/Course', chapterFolder);
  return fs
    .readdirSync(dir)
    .map((name) => pickedFile(name, fs.readFileSync(path.join(dir, name), 'utf8'), false));
}

export type { PickedFile };
