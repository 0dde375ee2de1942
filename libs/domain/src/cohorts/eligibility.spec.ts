import { InvalidError } from '../errors/domain-errors';
import { assertEligible, normalizeEligibility } from './eligibility';

describe('normalizeEligibility', () => {
  it('trims colleges, drops repeats and empty lists, and sorts the years', () => {
    expect(normalizeEligibility({ colleges: [' 彭康书院 ', '彭康书院', ''], enrollmentYears: [2025, 2024, 2025] }))
      .toEqual({ colleges: ['彭康书院'], enrollmentYears: [2024, 2025] });
    expect(normalizeEligibility({ colleges: [], enrollmentYears: [2024] })).toEqual({ enrollmentYears: [2024] });
  });

  it('is null when nothing restricts', () => {
    expect(normalizeEligibility({ colleges: ['  '], enrollmentYears: [] })).toBeNull();
    expect(normalizeEligibility(null)).toBeNull();
  });
});

describe('assertEligible', () => {
  const cohort = { eligibility: { colleges: ['彭康书院'], enrollmentYears: [2024, 2025] } };

  it('admits a student of a listed college and year, the college compared trimmed', () => {
    expect(() => assertEligible(cohort, { college: ' 彭康书院', enrollmentYear: 2024 })).not.toThrow();
  });

  it('admits everyone without eligibility', () => {
    expect(() => assertEligible({ eligibility: null }, { college: '文治书院', enrollmentYear: 1999 })).not.toThrow();
  });

  it('names each field outside it', () => {
    const failure = (() => {
      try {
        assertEligible(cohort, { college: '文治书院', enrollmentYear: 2023 });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(failure).toBeInstanceOf(InvalidError);
    expect((failure as InvalidError).fieldErrors).toEqual([{ field: 'college', rule: 'notEligible' }, { field: 'enrollmentYear', rule: 'notEligible' }]);
  });

  it('names only the year when the college is admitted', () => {
    expect(() => assertEligible(cohort, { college: '彭康书院', enrollmentYear: 2023 })).toThrow(/enrollmentYear/);
  });
});
