// Generated artwork for seeded image paths (no image files ship with the repo): a warm gradient
// picked deterministically from the path, a bowl, and the dish or restaurant name as a label.

/** Warm, food-like gradient pairs: saffron, tomato, basil, chili, turmeric, plum, matcha, paprika. */
const PALETTES: readonly (readonly [string, string])[] = [
  ['#fbbf24', '#ea580c'],
  ['#fb7185', '#b91c1c'],
  ['#86efac', '#15803d'],
  ['#fca5a5', '#9f1239'],
  ['#fde047', '#ca8a04'],
  ['#d8b4fe', '#7e22ce'],
  ['#bef264', '#4d7c0f'],
  ['#fdba74', '#9a3412'],
];

/** FNV-1a: tiny, stable across runs and platforms, good enough to spread paths over palettes. */
export function hashPath(path: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    hash ^= path.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** "menu/kaze-ramen/chirashi-bowl.svg" → "Chirashi Bowl". */
export function labelFromPath(path: string): string {
  const last = path.split('/').filter(Boolean).pop() ?? '';
  const slug = last.replace(/\.[a-z0-9]+$/i, '');
  const words = slug.split(/[-_\s]+/).filter(Boolean);
  if (words.length === 0) return 'Tiffin';
  return words
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ')
    .slice(0, 40);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Restaurant art is shown 16:9, dishes 4:3; drawing on the right canvas keeps the label in view. */
function canvasFor(path: string): { width: number; height: number } {
  return path.startsWith('restaurants/')
    ? { width: 640, height: 360 }
    : { width: 400, height: 300 };
}

export function placeholderSvg(path: string): string {
  const hash = hashPath(path);
  const [light, dark] = PALETTES[hash % PALETTES.length] ?? ['#fbbf24', '#ea580c'];
  const label = escapeXml(labelFromPath(path));
  const { width: w, height: h } = canvasFor(path);
  const cx = w / 2;
  // The bowl: a 200x70 half-ellipse whose rim sits at 43% of the height.
  const rim = Math.round(h * 0.43);
  const angle = (hash >>> 8) % 90;
  // Sprinkle a few "herbs" at hash-derived spots so two dishes of one palette still differ.
  const dots = Array.from({ length: 6 }, (_, i) => {
    const d = hashPath(`${path}#${i}`);
    const x = cx - 80 + (d % 160);
    const y = rim - 35 + ((d >>> 8) % 45);
    const r = 4 + ((d >>> 16) % 6);
    const opacity = 0.25 + ((d >>> 20) % 4) / 10;
    return `<circle cx="${x}" cy="${y}" r="${r}" fill="#fff" fill-opacity="${opacity}"/>`;
  }).join('');
  const steam = [-30, 0, 30].map((dx) => `M${cx + dx} ${rim - 50}c-8-12 8-18 0-32`).join('');
  const fontSize = label.length > 22 ? 20 : 26;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" preserveAspectRatio="xMidYMid slice" role="img" aria-label="${label}">
<defs>
<linearGradient id="bg" gradientTransform="rotate(${angle} .5 .5)"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></linearGradient>
<radialGradient id="shine" cx=".3" cy=".2" r=".9"><stop offset="0" stop-color="#fff" stop-opacity=".35"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>
</defs>
<rect width="${w}" height="${h}" fill="url(#bg)"/>
<rect width="${w}" height="${h}" fill="url(#shine)"/>
<g opacity=".9">
<path d="M${cx - 100} ${rim}h200a100 70 0 0 1-200 0Z" fill="#fff" fill-opacity=".92"/>
<ellipse cx="${cx}" cy="${rim}" rx="100" ry="16" fill="${dark}" fill-opacity=".85"/>
${dots}
<path d="${steam}" stroke="#fff" stroke-opacity=".7" stroke-width="5" fill="none" stroke-linecap="round"/>
</g>
<text x="${cx}" y="${Math.round(h * 0.86)}" text-anchor="middle" font-family="ui-sans-serif, system-ui, sans-serif" font-size="${fontSize}" font-weight="700" fill="#fff" fill-opacity=".95">${label}</text>
</svg>`;
}
