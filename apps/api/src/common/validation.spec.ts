import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateNested, validateSync } from 'class-validator';
import { fieldErrorsOf, validationMessages } from './validation';

class Weights {
  @IsInt() @Min(0) topics: number;
  @IsInt() @Max(10) city: number;
}

class Settings {
  @IsString() name: string;
  @IsInt() @Min(1) maxChoices: number;
  @ValidateNested() @Type(() => Weights) weights: Weights;
}

describe('validationMessages', () => {
  it('lists every failed constraint, and prefixes nested ones with their path', () => {
    const errors = validateSync(plainToInstance(Settings, { name: 3, maxChoices: 0, weights: { topics: -1, city: 11 } }));
    const messages = validationMessages(errors);
    expect(messages).toEqual(expect.arrayContaining([
      'name must be a string',
      'maxChoices must not be less than 1',
      'weights.topics: topics must not be less than 0',
      'weights.city: city must not be greater than 10',
    ]));
    expect(messages).toHaveLength(4);
  });

  it('returns nothing for valid input', () => {
    expect(validationMessages(validateSync(plainToInstance(Settings, { name: '第3期', maxChoices: 5, weights: { topics: 1, city: 1 } })))).toEqual([]);
  });
});

describe('fieldErrorsOf', () => {
  it('names each broken rule with a stable code, its path and its bound', () => {
    const errors = validateSync(plainToInstance(Settings, { name: 3, maxChoices: 0, weights: { topics: -1, city: 11 } }));
    expect(fieldErrorsOf(errors)).toEqual(expect.arrayContaining([
      { field: 'name', rule: 'type' },
      { field: 'maxChoices', rule: 'min', limit: 1 },
      { field: 'weights.topics', rule: 'min', limit: 0 },
      { field: 'weights.city', rule: 'max', limit: 10 },
    ]));
  });

  it('reports a missing field once, as required', () => {
    const errors = validateSync(plainToInstance(Settings, { maxChoices: 2, weights: { topics: 1, city: 1 } }));
    expect(fieldErrorsOf(errors)).toEqual([{ field: 'name', rule: 'required' }]);
  });
});
