import { Match, MentorApplication, Round, StudentApplication } from '@app/database';
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

  async function csvOf(matches: object[], lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<string> {
    const service = new MatchQueriesService(fakeDataSource(new Map<unknown, object[]>([
      [Match, matches], [StudentApplication, [student]], [MentorApplication, [mentor]], [Round, [{ id: 1, number: 2 }]],
    ])));
    return service.csv(3, undefined, lang);
  }

  it('starts with a UTF-8 byte-order mark and uses CRLF line ends, as Excel needs for Chinese text', async () => {
    const csv = await csvOf([match({})]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[0]).toBe('匹配编号,状态,来源,生友,学号,生友邮箱,书院,专业,师友,师友邮箱,单位,志愿,推荐时间（北京时间）,回复截止（北京时间）,回复时间（北京时间）,婉拒原因,备注');
    expect(lines[1]).toBe('5,已婉拒,第 2 轮,张晓雨,22100000001,xy@stu.example.edu.cn,书院一,计算机科学,李建国,li@alumni.example.cn,腾讯,第 1 志愿,2026-11-28 08:00 +08:00,2026-12-01 08:00 +08:00,,其他原因,');
  });

  it('writes words and China time in English when asked, never codes or UTC', async () => {
    const csv = await csvOf([match({ status: 'accepted', declineReason: null, respondedAt: new Date('2026-11-30T16:30:00Z') })], 'en');
    const [header, row] = csv.slice(1).split('\r\n');
    expect(header).toContain('Match,Status,Source,Student,');
    expect(row).toBe('5,Accepted,Round 2,张晓雨,22100000001,xy@stu.example.edu.cn,书院一,计算机科学,李建国,li@alumni.example.cn,腾讯,Choice 1,2026-11-28 08:00 +08:00,2026-12-01 08:00 +08:00,2026-12-01 00:30 +08:00,,');
  });

  it('quotes cells with commas, quotes or line breaks, and marks manual matches', async () => {
    const csv = await csvOf([match({ roundId: null, note: '时间冲突, 另说 "下次"\n谢谢' })]);
    expect(csv).toContain('\r\n5,已婉拒,协调员人工推荐,');
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
