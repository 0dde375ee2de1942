import { DataSource } from 'typeorm';
import { MentorApplication, StudentApplication } from '../../libs/database/src/entities';
import { sampleMentor, sampleStudent } from '../sample/sample-cohort';

const BATCH = 1000;

/**
 * Approved mentors and students of a cohort written straight into their tables, a thousand a statement (thousands of
 * applications through the API would take minutes): for suites and benchmarks that need a crowd, not its history
 * (no receipt, no token). `seed` keeps emails apart from other people of the same database.
 */
export async function insertApprovedApplicants(db: DataSource, cohortId: number, counts: { mentors: number; students: number }, seed: number): Promise<void> {
  const batches = (count: number) => Array.from({ length: Math.ceil(count / BATCH) }, (_, batch) =>
    Array.from({ length: Math.min(BATCH, count - batch * BATCH) }, (_, offset) => batch * BATCH + offset));
  for (const indexes of batches(counts.mentors)) {
    await db.createQueryBuilder().insert().into(MentorApplication)
      .values(indexes.map((index) => ({ ...sampleMentor(index, seed), cohortId, status: 'approved' as const }))).execute();
  }
  for (const indexes of batches(counts.students)) {
    await db.createQueryBuilder().insert().into(StudentApplication)
      .values(indexes.map((index) => {
        const { choices: _choices, ...student } = sampleStudent(index, [], seed);
        return { ...student, cohortId, status: 'approved' as const };
      })).execute();
  }
}
