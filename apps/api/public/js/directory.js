/* The mentor directory with search and filters, and the ranked list of chosen mentors (up to maxChoices). */
(function () {
  'use strict';
  SY.addMessages({
    zh: { 'dir.search': '搜索师友', 'dir.searchHint': '姓名、单位、职位、专业或简介', 'dir.industry': '行业', 'dir.city': '城市', 'dir.topic': '话题', 'dir.language': '语言',
      'dir.all': '全部', 'dir.pick': '选择', 'dir.picked': '已选', 'dir.full': '名额已满', 'dir.up': '上移', 'dir.down': '下移', 'dir.remove': '移除',
      'dir.chosen': '我的志愿（{n}/{max}，按顺序）', 'dir.noneChosen': '还没有选择师友。可以不选，由系统按匹配度推荐。', 'dir.empty': '没有符合条件的师友。',
      'dir.count': '共 {n} 位师友', 'dir.remaining': '剩余名额 {n}', 'dir.limit': '最多选择 {max} 位师友。', 'dir.graduated': '{year} 届' },
    en: { 'dir.search': 'Search mentors', 'dir.searchHint': 'Name, organization, title, major or bio', 'dir.industry': 'Industry', 'dir.city': 'City', 'dir.topic': 'Topic', 'dir.language': 'Language',
      'dir.all': 'All', 'dir.pick': 'Pick', 'dir.picked': 'Picked', 'dir.full': 'Full', 'dir.up': 'Move up', 'dir.down': 'Move down', 'dir.remove': 'Remove',
      'dir.chosen': 'My choices ({n}/{max}, in order)', 'dir.noneChosen': 'No mentor picked yet. You may leave it empty and be matched by compatibility.', 'dir.empty': 'No mentor matches these filters.',
      'dir.count': '{n} mentors', 'dir.remaining': '{n} places left', 'dir.limit': 'You can pick at most {max} mentors.', 'dir.graduated': 'Class of {year}' },
  });

  function unique(values) {
    return values.filter(function (value, index) { return value && values.indexOf(value) === index; }).sort();
  }

  /** Renders into `container`; getChoices() gives the chosen mentor ids in rank order. */
  function MentorPicker(container, options) {
    var mentors = options.mentors;
    var max = options.maxChoices;
    var chosen = (options.initial || []).filter(function (id) { return byId(id); });
    var filters = { q: '', industry: '', city: '', topic: '', language: '' };
    var listNode = SY.h('ul', { class: 'mentor-list', id: 'mentor-list' });
    var chosenNode = SY.h('ol', { class: 'chosen-list', id: 'chosen-list' });
    var chosenTitle = SY.h('h3', { id: 'chosen-title' });
    var countNode = SY.h('p', { class: 'muted', 'aria-live': 'polite' });

    function byId(id) { return mentors.filter(function (mentor) { return mentor.id === id; })[0]; }

    function select(name, values) {
      var input = SY.h('select', { id: 'filter-' + name, 'data-skip-read': true },
        [SY.h('option', { value: '', text: SY.t('dir.all') })].concat(values.map(function (value) { return SY.h('option', { value: value, text: value }); })));
      input.value = filters[name];
      input.addEventListener('change', function () { filters[name] = input.value; renderList(); });
      return SY.h('div', { class: 'field' }, [SY.h('label', { for: input.id, text: SY.t('dir.' + name) }), input]);
    }

    function matches(mentor) {
      var q = filters.q.trim().toLowerCase();
      var text = [mentor.displayName, mentor.organization, mentor.title, mentor.major, mentor.department, mentor.industry, mentor.city, mentor.bio]
        .concat(mentor.topics).join(' ').toLowerCase();
      return (!q || text.indexOf(q) >= 0) && (!filters.industry || mentor.industry === filters.industry) &&
        (!filters.city || mentor.city === filters.city) && (!filters.topic || mentor.topics.indexOf(filters.topic) >= 0) &&
        (!filters.language || mentor.languages.indexOf(filters.language) >= 0);
    }

    function move(index, delta) {
      var target = index + delta;
      var item = chosen.splice(index, 1)[0];
      chosen.splice(target, 0, item);
      render();
      var buttons = chosenNode.querySelectorAll('li')[target].querySelectorAll('button');
      (delta < 0 ? buttons[0] : buttons[1]).focus();
    }

    function renderChosen() {
      chosenTitle.textContent = SY.t('dir.chosen', { n: chosen.length, max: max });
      if (chosen.length === 0) { chosenNode.replaceChildren(SY.h('li', { class: 'muted', text: SY.t('dir.noneChosen') })); return; }
      chosenNode.replaceChildren.apply(chosenNode, chosen.map(function (id, index) {
        var mentor = byId(id);
        var name = mentor.displayName;
        return SY.h('li', { 'data-mentor-id': id }, [
          SY.h('span', { class: 'rank', text: String(index + 1) }),
          SY.h('span', { class: 'who' }, [SY.h('strong', { text: name }), ' ', SY.h('span', { class: 'muted', text: mentor.organization + ' · ' + mentor.title })]),
          SY.h('button', { type: 'button', class: 'small secondary', 'aria-label': SY.t('dir.up') + ' ' + name, disabled: index === 0, text: '↑', onclick: function () { move(index, -1); } }),
          SY.h('button', { type: 'button', class: 'small secondary', 'aria-label': SY.t('dir.down') + ' ' + name, disabled: index === chosen.length - 1, text: '↓', onclick: function () { move(index, 1); } }),
          SY.h('button', { type: 'button', class: 'small secondary', 'aria-label': SY.t('dir.remove') + ' ' + name, text: SY.t('dir.remove'), onclick: function () { chosen.splice(index, 1); render(); } }),
        ]);
      }));
    }

    function renderList() {
      var shown = mentors.filter(matches);
      countNode.textContent = SY.t('dir.count', { n: shown.length }) + (chosen.length >= max ? ' · ' + SY.t('dir.limit', { max: max }) : '');
      if (shown.length === 0) { listNode.replaceChildren(SY.h('li', { class: 'muted', text: SY.t('dir.empty') })); return; }
      listNode.replaceChildren.apply(listNode, shown.map(function (mentor) {
        var picked = chosen.indexOf(mentor.id) >= 0;
        var full = mentor.remainingCapacity <= 0;
        return SY.h('li', { 'data-mentor-id': mentor.id }, [
          SY.h('strong', { text: mentor.displayName }), ' ',
          SY.h('span', { class: 'muted', text: SY.t('dir.graduated', { year: mentor.graduationYear }) + ' · ' + mentor.department + ' ' + mentor.major }),
          SY.h('div', { text: mentor.organization + ' · ' + mentor.title }),
          SY.h('div', { class: 'muted', text: mentor.industry + ' · ' + mentor.city + ' · ' + SY.t('dir.remaining', { n: mentor.remainingCapacity }) }),
          SY.chips(mentor.topics),
          mentor.bio ? SY.h('p', { class: 'muted', text: mentor.bio }) : null,
          SY.h('button', {
            type: 'button', class: 'small', disabled: picked || full || chosen.length >= max,
            'aria-label': SY.t('dir.pick') + ' ' + mentor.displayName,
            text: picked ? SY.t('dir.picked') : full ? SY.t('dir.full') : SY.t('dir.pick'),
            onclick: function () { chosen.push(mentor.id); render(); },
          }),
        ]);
      }));
    }

    function render() { renderChosen(); renderList(); }

    function build() {
      var search = SY.h('input', { type: 'search', id: 'filter-q', 'data-skip-read': true, placeholder: SY.t('dir.searchHint') });
      search.value = filters.q;
      search.addEventListener('input', function () { filters.q = search.value; renderList(); });
      container.replaceChildren(
        chosenTitle, chosenNode,
        SY.h('div', { class: 'filters' }, [
          SY.h('div', { class: 'field' }, [SY.h('label', { for: 'filter-q', text: SY.t('dir.search') }), search]),
          select('industry', unique(mentors.map(function (m) { return m.industry; }))),
          select('city', unique(mentors.map(function (m) { return m.city; }))),
          select('topic', unique([].concat.apply([], mentors.map(function (m) { return m.topics; })))),
          select('language', unique([].concat.apply([], mentors.map(function (m) { return m.languages; })))),
        ]),
        countNode, listNode,
      );
      render();
    }

    SY.onLangChange(build);
    build();
    return { getChoices: function () { return chosen.slice(); } };
  }

  SY.loadMentorPicker = function (container, cohortId, maxChoices, initial) {
    return SY.api('/api/public/cohorts/' + cohortId + '/mentors').then(function (mentors) {
      return MentorPicker(container, { mentors: mentors, maxChoices: maxChoices, initial: initial });
    });
  };
})();
