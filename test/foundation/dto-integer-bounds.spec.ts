import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import '../../apps/api/src/api.module'; // loads every controller, so every DTO registers its rules

const NUMERIC = new Set(['isInt', 'isNumber']);

/** Every class with validation rules (DTOs, and the environment schema), each with its inherited rules. */
function rulesByClass(): Map<string, ValidationMetadata[]> {
  const storage = getMetadataStorage();
  const targets = [...(storage as unknown as { validationMetadatas: Map<new () => object, unknown> }).validationMetadatas.keys()];
  return new Map(targets.map((target) => [target.name, storage.getTargetValidationMetadatas(target, '', true, false)]));
}

describe('integer bounds in every DTO', () => {
  it('finds the DTOs (the walk would pass vacuously on an empty storage)', () => {
    expect([...rulesByClass().keys()]).toEqual(expect.arrayContaining(['VersionDto', 'UpdateUnitDto', 'AcceptanceHoursDto', 'PageQueryDto']));
  });

  it('every @IsInt / @IsNumber has a @Min and a @Max, so no number reaches PostgreSQL out of its column range', () => {
    const unbounded: string[] = [];
    for (const [className, rules] of rulesByClass()) {
      const numeric = new Set(rules.filter((rule) => NUMERIC.has(rule.name ?? '')).map((rule) => rule.propertyName));
      for (const property of numeric) {
        const names = new Set(rules.filter((rule) => rule.propertyName === property).map((rule) => rule.name));
        if (!names.has('min') || !names.has('max')) unbounded.push(`${className}.${property}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('a version is bounded by the PostgreSQL integer range', () => {
    const [max] = rulesByClass()
      .get('VersionDto')!
      .filter((rule) => rule.propertyName === 'version' && rule.name === 'max');
    expect(max.constraints).toEqual([2_147_483_647]);
  });
});
