/** Writes every sample card as JSON to a folder, for rendering with shared/tools/render-card.sh. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleCards } from '../test/helpers/card-samples';

const out = process.argv[2] ?? 'cards-out';
mkdirSync(out, { recursive: true });
for (const [name, card] of Object.entries(sampleCards())) writeFileSync(join(out, `${name}.json`), JSON.stringify(card, null, 2));
console.log(`wrote ${Object.keys(sampleCards()).length} cards to ${out}`);
