import { describe, expect, it } from 'vitest';

import { labelFromPath, placeholderSvg } from './placeholder-image';

describe('placeholder images', () => {
  it('labels an image with the name in its slug', () => {
    expect(labelFromPath('menu/kaze-ramen/chirashi-bowl.svg')).toBe('Chirashi Bowl');
    expect(labelFromPath('restaurants/saffron-tandoor.svg')).toBe('Saffron Tandoor');
    expect(labelFromPath('')).toBe('Tiffin');
  });

  it('draws the same image for the same path, and escapes the label', () => {
    expect(placeholderSvg('menu/a/b.svg')).toBe(placeholderSvg('menu/a/b.svg'));
    const svg = placeholderSvg('menu/x/<script>alert(1)<-script>.svg');
    expect(svg).not.toContain('<script>');
  });

  it('uses a 16:9 canvas for restaurants and 4:3 for dishes', () => {
    expect(placeholderSvg('restaurants/kaze-ramen.svg')).toContain('viewBox="0 0 640 360"');
    expect(placeholderSvg('menu/kaze-ramen/edamame.svg')).toContain('viewBox="0 0 400 300"');
  });
});
