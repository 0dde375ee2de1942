/* `/`: the open cohorts, each with links to both application forms. */
(function () {
  'use strict';
  SY.addMessages({
    zh: { 'home.title': '师友计划 · 报名', 'home.heading': '正在报名的师友计划', 'home.intro': '选择一期，以学生（生友）或校友师友身份报名。',
      'home.none': '目前没有正在报名的一期，请稍后再来。', 'home.applyStudent': '我是学生：申请', 'home.applyMentor': '我是校友：成为师友',
      'home.maxChoices': '每位学生最多可选 {n} 位师友' },
    en: { 'home.title': 'Mentorship Program · Apply', 'home.heading': 'Cohorts open for applications', 'home.intro': 'Pick a cohort and apply as a student or as an alumni mentor.',
      'home.none': 'No cohort is open right now. Please come back later.', 'home.applyStudent': 'I am a student: apply', 'home.applyMentor': 'I am an alumnus: become a mentor',
      'home.maxChoices': 'Each student may pick up to {n} mentors' },
  });
  var cohorts = null;
  var list = document.getElementById('cohorts');
  var message = document.getElementById('message');

  function render() {
    if (!cohorts) return;
    if (cohorts.length === 0) { list.replaceChildren(SY.h('li', { class: 'card', text: SY.t('home.none') })); return; }
    list.replaceChildren.apply(list, cohorts.map(function (cohort) {
      return SY.h('li', { class: 'card' }, [
        SY.h('h2', { text: cohort.name }),
        cohort.description ? SY.h('p', { text: cohort.description }) : null,
        SY.h('p', { class: 'muted', text: SY.t('home.maxChoices', { n: cohort.maxChoices }) }),
        SY.h('div', { class: 'actions' }, [
          SY.h('a', { class: 'button', href: '/cohorts/' + cohort.id + '/apply/student', text: SY.t('home.applyStudent') }),
          SY.h('a', { class: 'button secondary', href: '/cohorts/' + cohort.id + '/apply/mentor', text: SY.t('home.applyMentor') }),
        ]),
      ]);
    }));
  }

  SY.onLangChange(render);
  SY.initPage();
  SY.api('/api/public/cohorts')
    .then(function (data) { cohorts = data; render(); })
    .catch(function (error) { SY.showMessage(message, SY.describeError(error)); })
    .then(function () { document.getElementById('loading').hidden = true; });
})();
