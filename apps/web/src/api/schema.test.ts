import { readFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

/**
 * The UI's API types are generated from the OpenAPI document (test/api/openapi.snap.json, which the
 * api's own test keeps equal to the live document), never copied by hand: stale types fail here.
 */
describe('generated API types', () => {
  it('src/api/schema.d.ts is what openapi-typescript makes of the current OpenAPI document (npm run generate:api-types)', async () => {
    const document = path.resolve(__dirname, '../../../../test/api/openapi.snap.json');
    const generated = astToString(await openapiTS(JSON.parse(readFileSync(document, 'utf8'))));
    const checkedIn = readFileSync(path.resolve(__dirname, 'schema.d.ts'), 'utf8');
    const body = (text: string) => text.slice(text.indexOf('export interface paths'));
    expect(body(checkedIn)).toBe(body(generated));
  }, 30000);
});
