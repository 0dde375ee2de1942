import { CURRENT_CONSENT_VERSION } from '../../libs/contracts/src/privacy';
import { seededRandom as seeded } from '../../libs/matching/bench/random';

/**
 * Realistic sample applications (Chinese names, 书院, majors, industries, cities), generated from a seed so
 * the demo, the tests and the benchmarks get the same people every time.
 */
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '嘉怡', '子涵', '浩然', '雨桐', '思远', '欣怡', '梓萱', '宇轩', '一鸣', '晓彤'];
export const COLLEGES = ['彭康书院', '文治书院', '宗濂书院', '启德书院', '仲英书院', '南洋书院', '崇实书院', '励志书院', '钱学森书院'];
const DEPARTMENTS: Array<[string, string[]]> = [
  ['电子与信息学部', ['计算机科学与技术', '软件工程', '电子科学与技术', '自动化']],
  ['能源与动力工程学院', ['能源与动力工程', '核工程与核技术']],
  ['管理学院', ['工商管理', '会计学', '信息管理与信息系统']],
  ['经济与金融学院', ['金融学', '经济学', '国际经济与贸易']],
  ['医学部', ['临床医学', '药学', '预防医学']],
  ['人文社会科学学院', ['汉语言文学', '法学', '社会学']],
  ['机械工程学院', ['机械工程', '工业设计']],
];
export const INDUSTRIES = ['互联网', '金融', '能源', '制造业', '医疗健康', '教育', '咨询', '公共管理', '半导体', '新能源汽车'];
const ORGANIZATIONS: Record<string, Array<[string, string]>> = {
  互联网: [['腾讯', '高级工程师'], ['字节跳动', '产品经理'], ['阿里巴巴', '技术专家']],
  金融: [['中国银行', '投资经理'], ['中信证券', '分析师'], ['招商银行', '风控总监']],
  能源: [['国家电网', '高级工程师'], ['中国核电', '项目经理']],
  制造业: [['西电集团', '研发主管'], ['三一重工', '工艺工程师']],
  医疗健康: [['西京医院', '主治医师'], ['迈瑞医疗', '注册经理']],
  教育: [['西安高新一中', '教研组长'], ['新东方', '课程总监']],
  咨询: [['麦肯锡', '项目经理'], ['德勤', '高级顾问']],
  公共管理: [['西安市发改委', '科长'], ['陕西省教育厅', '主任科员']],
  半导体: [['华为海思', '芯片设计工程师'], ['中芯国际', '工艺整合经理']],
  新能源汽车: [['比亚迪', '电池工程师'], ['蔚来', '自动驾驶算法工程师']],
};
export const CITIES = ['西安', '北京', '上海', '深圳', '杭州', '广州', '成都', '南京'];
export const TOPICS = ['职业规划', '求职面试', '读研深造', '出国留学', '创业', '行业认知', '科研入门', '时间管理', '领导力', '跨专业发展', '实习经验', '人际沟通'];
const STATEMENTS = [
  '希望了解行业的真实情况，为毕业后的选择做准备。',
  '正在犹豫读研还是工作，想听听学长学姐的经验。',
  '对创业很感兴趣，想找一位有实践经验的师友聊聊。😊',
  '想提升沟通与表达能力，也想了解职场新人的成长路径。',
  '计划申请海外硕士，希望得到选校和文书方面的建议。',
];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
function pickSome<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return chosen;
}
const nameOf = (random: () => number) => pick(random, SURNAMES) + pick(random, GIVEN);

export function sampleMentor(index: number, seed = 1) {
  const random = seeded(seed * 100_003 + index);
  const [department, majors] = pick(random, DEPARTMENTS);
  const industry = pick(random, INDUSTRIES);
  const [organization, title] = pick(random, ORGANIZATIONS[industry]);
  const graduationYear = 1995 + Math.floor(random() * 25);
  return {
    name: nameOf(random),
    email: `mentor${index}.s${seed}@alumni.example.cn`,
    phone: `1${3 + Math.floor(random() * 6)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
    graduationYear,
    department,
    major: pick(random, majors),
    industry,
    organization,
    title,
    city: pick(random, CITIES),
    topics: pickSome(random, TOPICS, 2 + Math.floor(random() * 3)),
    capacity: 1 + Math.floor(random() * 3),
    bio: `${graduationYear} 届校友，现任${organization}${title}，乐于分享${industry}行业的经验。`,
    languages: random() < 0.4 ? ['中文', 'English'] : ['中文'],
    consent: true as const,
    consentVersion: CURRENT_CONSENT_VERSION,
  };
}

export function sampleStudent(index: number, mentorIds: number[], seed = 1, maxChoices = 5) {
  const random = seeded(seed * 200_003 + index);
  const [, majors] = pick(random, DEPARTMENTS);
  // Popular mentors attract more students: a skewed pick over the list (lower index, more popular).
  const choiceCount = Math.min(mentorIds.length, Math.floor(random() * (maxChoices + 1)));
  const choices = new Set<number>();
  while (choices.size < choiceCount) choices.add(mentorIds[Math.floor(Math.pow(random(), 1.6) * mentorIds.length)]);
  return {
    name: nameOf(random),
    email: `student${index}.s${seed}@stu.example.edu.cn`,
    studentNumber: `2${String(2100000000 + seed * 100000 + index)}`,
    college: pick(random, COLLEGES),
    major: pick(random, majors),
    enrollmentYear: 2021 + Math.floor(random() * 4),
    city: pick(random, CITIES),
    topics: pickSome(random, TOPICS, 1 + Math.floor(random() * 3)),
    industries: pickSome(random, INDUSTRIES, 1 + Math.floor(random() * 2)),
    statement: pick(random, STATEMENTS),
    choices: [...choices],
    consent: true as const,
    consentVersion: CURRENT_CONSENT_VERSION,
  };
}
