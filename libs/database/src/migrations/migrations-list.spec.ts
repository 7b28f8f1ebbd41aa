import { readdirSync } from 'node:fs';
import { MIGRATIONS } from './index';

describe('the migration list', () => {
  it('names every migration file in the folder, in timestamp order', () => {
    const files = readdirSync(__dirname).filter((file) => /^\d{13}-.+\.ts$/.test(file) && !file.endsWith('spec.ts'));
    const timestamps = files.map((file) => file.slice(0, 13)).sort();
    const listed = MIGRATIONS.map((migration) => (migration.name.match(/(\d{13})$/) ?? [])[1]);
    expect(listed).toEqual(timestamps);
  });
});
