import { describe, expect, test } from 'vitest';
import { normalizeBasePath } from './base-path.ts';

describe('normalizeBasePath', () => {
  test('unset or empty means the site root', () => {
    expect(normalizeBasePath(undefined)).toBe('/');
    expect(normalizeBasePath('')).toBe('/');
    expect(normalizeBasePath('/')).toBe('/');
  });

  test('adds the leading and trailing slashes a sub-path needs', () => {
    expect(normalizeBasePath('coursedeck')).toBe('/coursedeck/');
    expect(normalizeBasePath('/coursedeck')).toBe('/coursedeck/');
    expect(normalizeBasePath('/coursedeck/')).toBe('/coursedeck/');
    expect(normalizeBasePath('/a//b/')).toBe('/a/b/');
  });

  test('refuses a full URL, dot segments, queries and fragments with a message', () => {
    expect(() => normalizeBasePath('https://name.github.io/coursedeck/')).toThrow(/not a URL/);
    expect(() => normalizeBasePath('//cdn.example/x/')).toThrow(/not a URL/);
    expect(() => normalizeBasePath('/a/../b/')).toThrow(/\.\. segments/);
    expect(() => normalizeBasePath('/a/?x=1')).toThrow(/without \?/);
    expect(() => normalizeBasePath('/a#b')).toThrow(/without \?/);
  });
});
