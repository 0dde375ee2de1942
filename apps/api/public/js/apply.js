/* Both application forms: rules beside each field, the API's 400 messages beside the field they name, the personal link on 201. */
(function () {
  'use strict';
  SY.addMessages({
    zh: {
      'student.title': '学生报名 · 师友计划', 'student.heading': '学生（生友）报名', 'mentor.title': '师友报名 · 师友计划', 'mentor.heading': '校友师友报名',
      'apply.about': '个人信息', 'apply.interests': '兴趣与陈述', 'apply.choices': '选择并排序师友', 'apply.work': '工作', 'apply.mentoring': '指导',
      'apply.submit': '提交报名', 'apply.submitting': '提交中…', 'apply.doneHeading': '报名已提交',
      'apply.doneIntro': '这是您的个人链接：用它查看审核状态、修改志愿和匹配结果。请立即保存，它只显示这一次（确认邮件中也有）。',
      'apply.doneIntroMentor': '这是您的个人链接：用它查看审核状态，并接受或婉拒推荐给您的学生。请立即保存，它只显示这一次（确认邮件中也有）。',
      'apply.openLink': '打开我的页面', 'apply.notFound': '找不到这一期。请从首页进入。',
      'f.name': '姓名', 'f.email': '电子邮箱', 'f.studentNumber': '学号', 'f.college': '书院', 'f.major': '专业', 'f.enrollmentYear': '入学年份',
      'f.city': '所在城市', 'f.topics': '感兴趣的话题', 'f.industries': '感兴趣的行业', 'f.statement': '个人陈述', 'f.phone': '手机（可选）',
      'f.graduationYear': '毕业年份', 'f.department': '院系', 'f.industry': '行业', 'f.organization': '单位', 'f.jobTitle': '职位', 'f.capacity': '可指导学生人数',
      'f.mentorTopics': '可以分享的话题', 'f.languages': '语言', 'f.bio': '个人简介',
      'f.consent': '我同意校友部保存我的资料，并在匹配时向师友展示我的学生卡片（书院、专业、年级、话题、陈述）。',
      'f.consentMentor': '我同意校友部保存我的资料，在师友名录中展示我的公开信息（不含邮箱和手机），并在我接受匹配后向学生提供联系方式。',
      'r.name': '必填，最多 100 字', 'r.email': '用于接收通知和个人链接', 'r.studentNumber': '4–40 位字母、数字或短横线', 'r.text100': '必填，最多 100 字',
      'r.text200': '必填，最多 200 字', 'r.enrollmentYear': '1990 至明年之间的年份', 'r.graduationYear': '1950 至今年之间的年份',
      'r.topics': '1–10 个标签，用逗号或顿号分隔，每个最多 40 字', 'r.industries': '0–10 个，用逗号或顿号分隔，可不填',
      'r.statement': '必填，最多 2000 字：你希望从师友那里得到什么？', 'r.choices': '按意愿顺序选择，最多可选本期规定的人数；也可以不选。',
      'r.phone': '可不填；数字、空格或短横线，可以 + 开头。仅在您接受匹配后提供给学生', 'r.capacity': '1–5 人',
      'r.languages': '选填，最多 10 种，用逗号分隔，例如：中文, English', 'r.bio': '必填，最多 2000 字，会展示在师友名录中',
    },
    en: {
      'student.title': 'Student application · Mentorship', 'student.heading': 'Student application', 'mentor.title': 'Mentor application · Mentorship', 'mentor.heading': 'Alumni mentor application',
      'apply.about': 'About you', 'apply.interests': 'Interests and statement', 'apply.choices': 'Pick and rank mentors', 'apply.work': 'Work', 'apply.mentoring': 'Mentoring',
      'apply.submit': 'Submit application', 'apply.submitting': 'Submitting…', 'apply.doneHeading': 'Application submitted',
      'apply.doneIntro': 'This is your personal link: use it to follow your status, change your choices and see your match. Save it now — it is shown only once (it is also in the confirmation email).',
      'apply.doneIntroMentor': 'This is your personal link: use it to follow your status and to accept or decline proposed students. Save it now — it is shown only once (it is also in the confirmation email).',
      'apply.openLink': 'Open my page', 'apply.notFound': 'This cohort does not exist. Please start from the home page.',
      'f.name': 'Name', 'f.email': 'Email', 'f.studentNumber': 'Student number', 'f.college': 'College', 'f.major': 'Major', 'f.enrollmentYear': 'Enrollment year',
      'f.city': 'City', 'f.topics': 'Topics of interest', 'f.industries': 'Industries of interest', 'f.statement': 'Personal statement', 'f.phone': 'Phone (optional)',
      'f.graduationYear': 'Graduation year', 'f.department': 'Department', 'f.industry': 'Industry', 'f.organization': 'Organization', 'f.jobTitle': 'Job title', 'f.capacity': 'Students you can mentor',
      'f.mentorTopics': 'Topics you can share', 'f.languages': 'Languages', 'f.bio': 'Short bio',
      'f.consent': 'I agree that the alumni office stores my data and shows my student card (college, major, year, topics, statement) to mentors for matching.',
      'f.consentMentor': 'I agree that the alumni office stores my data, lists my public profile (without email or phone) in the mentor directory, and gives my contact to a student once I accept.',
      'r.name': 'Required, up to 100 characters', 'r.email': 'For notifications and your personal link', 'r.studentNumber': '4–40 letters, digits or dashes', 'r.text100': 'Required, up to 100 characters',
      'r.text200': 'Required, up to 200 characters', 'r.enrollmentYear': 'A year from 1990 to next year', 'r.graduationYear': 'A year from 1950 to this year',
      'r.topics': '1–10 tags separated by commas, each up to 40 characters', 'r.industries': '0–10, separated by commas; optional',
      'r.statement': 'Required, up to 2000 characters: what do you hope to get from a mentor?', 'r.choices': 'Pick in order of preference, up to the cohort\'s limit; you may also pick none.',
      'r.phone': 'Optional; digits, spaces or dashes, may start with +. Given to a student only once you accept', 'r.capacity': '1 to 5 students',
      'r.languages': 'Optional, up to 10, separated by commas, e.g. 中文, English', 'r.bio': 'Required, up to 2000 characters; shown in the mentor directory',
    },
  });

  var role = document.body.getAttribute('data-role');
  var cohortId = SY.cohortIdFromPath();
  var form = document.getElementById('application');
  var message = document.getElementById('message');
  var formError = document.getElementById('form-error');
  var submit = document.getElementById('submit');
  var picker = null;

  function counter(textareaId) {
    var input = document.getElementById(textareaId);
    var output = document.getElementById(textareaId + '-counter');
    var update = function () { output.textContent = input.value.length + '/2000'; };
    input.addEventListener('input', update);
    update();
  }

  function showPersonalLink(token) {
    var link = location.origin + '/me#token=' + token;
    var anchor = document.getElementById('personal-link');
    anchor.href = link;
    anchor.textContent = link;
    document.getElementById('link-actions').replaceChildren(SY.copyButton(link), SY.h('a', { class: 'button secondary', href: link, 'data-i18n': 'apply.openLink', text: SY.t('apply.openLink') }));
    form.hidden = true;
    var done = document.getElementById('done');
    done.hidden = false;
    done.scrollIntoView();
    anchor.focus();
  }

  function onSubmit(event) {
    event.preventDefault();
    SY.clearFieldErrors(form);
    SY.showMessage(formError, '');
    var body = SY.readForm(form);
    if (role === 'student') body.choices = picker ? picker.getChoices() : [];
    submit.disabled = true;
    submit.textContent = SY.t('apply.submitting');
    SY.api('/api/cohorts/' + cohortId + '/' + role + '-applications', { method: 'POST', body: body })
      .then(function (created) { showPersonalLink(created.accessToken); })
      .catch(function (error) {
        if (error.status === 400) {
          var rest = SY.showFieldErrors(form, error.messages);
          SY.showMessage(formError, [SY.t('error.fields')].concat(rest).join(' '));
        } else if (error.status === 409 && error.raw && error.raw.code === 'cohort_not_open') {
          SY.showMessage(formError, SY.t('error.closed') + ' (' + error.message + ')');
        } else {
          SY.showMessage(formError, SY.describeError(error));
        }
      })
      .then(function () { submit.disabled = false; submit.textContent = SY.t('apply.submit'); });
  }

  function load() {
    return SY.openCohort(cohortId).then(function (cohort) {
      if (!cohort) { SY.showMessage(message, SY.t('error.closed')); form.hidden = true; return null; }
      document.getElementById('cohort-name').textContent = cohort.name;
      if (role !== 'student') return null;
      return SY.loadMentorPicker(document.getElementById('picker'), cohortId, cohort.maxChoices, []).then(function (loaded) { picker = loaded; });
    });
  }

  form.addEventListener('submit', onSubmit);
  counter(role === 'student' ? 'statement' : 'bio');
  SY.initPage();
  if (!cohortId) { SY.showMessage(message, SY.t('apply.notFound')); form.hidden = true; return; }
  load().catch(function (error) { SY.showMessage(message, SY.describeError(error)); });
})();
