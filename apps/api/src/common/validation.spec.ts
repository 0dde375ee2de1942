import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateNested, validateSync } from 'class-validator';
import { ApiValidationPipe, fieldErrorsOf, validationMessages } from './validation';

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

describe('ApiValidationPipe', () => {
  const pipe = new ApiValidationPipe();

  it('hands route parameters on as the text that was sent, for IdPipe to judge', async () => {
    for (const value of ['00001', '+1', ' 1', '1']) {
      expect(await pipe.transform(value, { type: 'param', metatype: Number, data: 'cohortId' })).toBe(value);
    }
  });

  it('still converts primitive query values and validates bodies into the 400 of the contract', async () => {
    expect(await pipe.transform('5', { type: 'query', metatype: Number, data: 'limit' })).toBe(5);
    await expect(pipe.transform({ name: '第3期', maxChoices: 0, weights: { topics: 1, city: 1 } }, { type: 'body', metatype: Settings })).rejects.toMatchObject({
      response: { statusCode: 400, error: 'Bad Request', errors: [{ field: 'maxChoices', rule: 'min', limit: 1 }] },
    });
  });
});
