import { describe, expect, it } from 'vitest';
import { en } from './en';
import { nl } from './nl';

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe('the language files', () => {
  it('have the same keys in Dutch and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it('use the same placeholders in both languages, and no empty message', () => {
    for (const key of Object.keys(nl) as (keyof typeof nl)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(nl[key]));
      expect(nl[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
    }
  });
});
