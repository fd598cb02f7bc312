/**
 * The vault layout: which folders are chapters, which folder is their course, and the course's name.
 * Works on path strings only (posix, relative to the folder the build scans), so the browser can run it too.
 */
import { hasChapterHeading } from './outline.ts';

/** `01. Title`, `1. Title`, `01 - Title`: the chapter number a folder name starts with, or undefined. */
export function folderChapter(name: string): number | undefined {
  const m = /^(\d{1,4})(?:\.\s*|\s+[-–—]\s+|\s*\)\s*)\S/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** The folder name without its number prefix (`01. Intro` → `Intro`). */
export function folderTitle(name: string): string {
  return name.replace(/^(\d{1,4})(?:\.\s*|\s+[-–—]\s+|\s*\)\s*)/, '').trim() || name;
}

/** A README note's file name, in any case. */
export function isReadme(path: string): boolean {
  return /(^|\/)readme\.md$/i.test(path);
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Whether a folder holding a README is a chapter: its name has a number prefix (`01.`), or its README's first
 * lines hold a `# Chapter 01:` heading.
 */
export function isChapterFolder(folderName: string, readmeText: string): boolean {
  return folderChapter(folderName) !== undefined || hasChapterHeading(readmeText);
}

/**
 * The course a course folder makes: `course.json`'s `name` when given, else the folder's name, except that a folder
 * literally named `Course` takes its parent's name (`01_Projects/DEforAI/Course` → `DEforAI`).
 * `segments` is the course folder's full path, outermost first.
 */
export function courseNameOf(segments: readonly string[], explicit?: string): string {
  if (explicit && explicit.trim()) return explicit.trim();
  const last = segments.at(-1) ?? '';
  if (last.toLowerCase() === 'course' && segments.length > 1) return segments.at(-2) ?? last;
  return last || 'Course';
}
