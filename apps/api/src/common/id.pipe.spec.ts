import { BadRequestException } from '@nestjs/common';
import { IdPipe } from './id.pipe';

describe('IdPipe', () => {
  const pipe = new IdPipe();
  const meta = { type: 'param' as const, data: 'cohortId' };

  it.each([['1', 1], ['42', 42], ['4294967295', 4294967295]])('turns %s into the number %d', (value, expected) => {
    expect(pipe.transform(value, meta)).toBe(expected);
  });

  it.each(['0', '-1', '1.5', 'abc', '1e3', ' 1', '', '4294967296', '12345678901', '00001', '01', '00', '+1', '0x1', '1 ', '١'])('refuses %p with a 400 naming the parameter', (value) => {
    expect(() => pipe.transform(value, meta)).toThrow(new BadRequestException(['cohortId must be a positive integer']));
  });
});
