import { Match, MentorApplication, StudentApplication } from '@app/database';
import { DataSource } from 'typeorm';
import { MatchQueriesService } from './match-queries.service';

/** The database boundary: an entity manager that returns fixed rows per entity. */
function fakeDataSource(rows: Map<unknown, object[]>): DataSource {
  return {
    manager: {
      find: async (entity: unknown) => rows.get(entity) ?? [],
      findBy: async (entity: unknown) => rows.get(entity) ?? [],
    },
  } as unknown as DataSource;
}

describe('MatchQueriesService.csv', () => {
  const student = { id: 2, name: '张晓雨', email: 'xy@stu.example.edu.cn', studentNumber: '22100000001', college: '书院一', major: '计算机科学' };
  const mentor = { id: 9, name: '李建国', email: 'li@alumni.example.cn', organization: '腾讯', title: '高级工程师' };
  const match = (overrides: Partial<Match>) => ({
    id: 5, roundId: 1, studentId: 2, mentorId: 9, status: 'declined', choiceRank: 1, respondBy: new Date('2026-12-01T00:00:00Z'),
    respondedAt: null, declineReason: 'other', note: null, createdAt: new Date('2026-11-28T00:00:00Z'), ...overrides,
  });

  async function csvOf(matches: object[]): Promise<string> {
    const service = new MatchQueriesService(fakeDataSource(new Map<unknown, object[]>([
      [Match, matches], [StudentApplication, [student]], [MentorApplication, [mentor]],
    ])));
    return service.csv(3);
  }

  it('starts with a UTF-8 byte-order mark and uses CRLF line ends, as Excel needs for Chinese text', async () => {
    const csv = await csvOf([match({})]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).toBe('5,declined,1,张晓雨,22100000001,xy@stu.example.edu.cn,书院一,计算机科学,李建国,li@alumni.example.cn,腾讯,1,2026-12-01T00:00:00.000Z,other,');
  });

  it('quotes cells with commas, quotes or line breaks, and marks manual matches', async () => {
    const csv = await csvOf([match({ roundId: null, note: '时间冲突, 另说 "下次"\n谢谢' })]);
    expect(csv).toContain('\r\n5,declined,manual,');
    expect(csv).toContain(',"时间冲突, 另说 ""下次""\n谢谢"\r\n');
  });

  it('defuses cells Excel would run as formulas', async () => {
    const csv = await csvOf([match({ note: '=HYPERLINK("http://evil")' }), match({ id: 6, note: '+86 123', choiceRank: null })]);
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil"")"\r\n`);
    expect(csv).toContain(",'+86 123\r\n");
  });

  it('defuses full-width and blank-led formulas, and keeps a semicolon inside its cell', async () => {
    const csv = await csvOf([match({ note: '＝1+1' }), match({ id: 6, note: '  =1+1' }), match({ id: 7, note: 'x;=1+1' })]);
    expect(csv).toContain(",'＝1+1\r\n");
    expect(csv).toContain(",'  =1+1\r\n");
    expect(csv).toContain(',"x;=1+1"\r\n');
  });
});
