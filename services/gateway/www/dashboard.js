// The command centre's big screen (issue #18): one district's scorecard, live, from the
// gateway that serves this file and nowhere else (Content-Security-Policy default-src 'self').
//
// Auth. The bearer token comes in the URL fragment, /#token=<JWT>: a browser never sends a
// fragment to a server, so the token is in no request line, access log or Referer. The page
// keeps it in sessionStorage (this tab only; gone when the tab closes) and removes it from the
// address bar at once (history.replaceState: no reload, nothing bookmarked with it). Every
// request carries it as `Authorization: Bearer`. EventSource cannot send that header, so the
// live stream (scorecard:watch, Server-Sent Events) is read with fetch() from the response
// body's ReadableStream and parsed here; a dropped stream is reopened with Last-Event-ID after
// a backoff (1 s doubling to 30 s, jittered).
//
// What: ?district=410108 (default) and ?as_of=YYYY-MM-DD (default: none, the stream's card is
// of today, China time, and the other panels follow the card's date). Each card pushed
// re-renders the panels in place and refetches the calendar, the ranking and the trends.
//
// Everything kept is bounded: one card, one calendar (≤ 366 days), one comparison (ranked rows
// shown ≤ LIMITS.ranked), ≤ LIMITS.trends histories of ≤ 12 points, and an SSE buffer of at
// most LIMITS.sseBytes. DOM is built with textContent only (no HTML from data).
(function () {
  'use strict';

  const LIMITS = {
    sseBytes: 8 * 1024 * 1024,  // one event (a card is tens of KiB)
    trends: 4,
    ranked: 12,
    listed: 5,                  // weakest, strongest
    departments: 8,
    backoffMinMs: 1000,
    backoffMaxMs: 30000,
    silentMs: 60000,            // no byte (not even a heartbeat) for this long: reconnect
  };
  const TOKEN_KEY = 'devplan.dashboard.token';
  const SVG_NS = 'http://www.w3.org/2000/svg';

  // One palette (Okabe & Ito, colour-blind safe); each status also has a glyph and words, so
  // colour is never the only cue. devplanctl's statuses, in the same order.
  const STATUS = {
    INDICATOR_STATUS_MET: { glyph: '✔', zh: '达成', en: 'met', css: 'met' },
    INDICATOR_STATUS_ON_TRACK: { glyph: '▲', zh: '正常', en: 'on track', css: 'on-track' },
    INDICATOR_STATUS_AT_RISK: { glyph: '◆', zh: '风险', en: 'at risk', css: 'at-risk' },
    INDICATOR_STATUS_BEHIND: { glyph: '✖', zh: '滞后', en: 'behind', css: 'behind' },
    INDICATOR_STATUS_DONE_LATE: { glyph: '◑', zh: '逾期完成', en: 'done late', css: 'done-late' },
    INDICATOR_STATUS_STALE: { glyph: '◷', zh: '数据过期', en: 'stale', css: 'stale' },
    INDICATOR_STATUS_NO_DATA: { glyph: '○', zh: '无数据', en: 'no data', css: 'no-data' },
    INDICATOR_STATUS_UNAVAILABLE: { glyph: '⊘', zh: '源不可用', en: 'unavailable', css: 'unavailable' },
  };
  const AREAS = {
    AREA_ECONOMY: ['经济运行', 'Economy'],
    AREA_PROJECTS: ['项目建设', 'Projects'],
    AREA_VITALITY: ['发展活力', 'Vitality'],
    AREA_ECOLOGY: ['生态环境', 'Ecology'],
    AREA_URBAN_RURAL: ['城乡融合', 'Urban–rural'],
    AREA_LIVELIHOOD: ['民生保障', 'Livelihood'],
  };
  // AQI categories (HJ 633): a light-to-dark order of the same palette, and a mark on every
  // polluted day.
  const AQI = {
    AQI_CATEGORY_EXCELLENT: { mark: '', zh: '优', en: 'excellent', css: 'aqi-1' },
    AQI_CATEGORY_GOOD: { mark: '', zh: '良', en: 'good', css: 'aqi-2' },
    AQI_CATEGORY_LIGHTLY_POLLUTED: { mark: '轻', zh: '轻度污染', en: 'light', css: 'aqi-3' },
    AQI_CATEGORY_MODERATELY_POLLUTED: { mark: '中', zh: '中度污染', en: 'moderate', css: 'aqi-4' },
    AQI_CATEGORY_HEAVILY_POLLUTED: { mark: '重', zh: '重度污染', en: 'heavy', css: 'aqi-5' },
    AQI_CATEGORY_SEVERELY_POLLUTED: { mark: '严', zh: '严重污染', en: 'severe', css: 'aqi-6' },
  };
  const AQI_NONE = { mark: '·', zh: '无有效数据', en: 'no valid data', css: 'aqi-0' };
  const REPORTING = [
    ['current', '按时', 'current', 'rep-current', '■'],
    ['stale', '过期', 'stale', 'rep-stale', '▨'],
    ['missing', '未到期缺报', 'missing, not due', 'rep-missing', '□'],
    ['overdue', '逾期未报', 'overdue', 'rep-overdue', '▩'],
  ];

  // --- what the page shows, bounded -------------------------------------------------------

  const params = new URLSearchParams(window.location.search);
  const district = /^[0-9]{6}$/.test(params.get('district') || '') ? params.get('district') : '410108';
  const asOfParam = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(params.get('as_of') || '') ? params.get('as_of') : '';
  const token = takeToken();

  const state = {
    card: null,
    lastEventId: '',
    extrasRunning: false,
    extrasAgain: false,
  };
  // For the browser test and for whoever looks at the screen's console: counters only.
  const status = {
    loadedAt: Date.now(),
    cardsShown: 0,
    extrasShown: 0,
    connects: 0,
    lastEventId: '',
    lastError: '',
  };
  window.devplanDashboard = status;

  function takeToken() {
    const match = /(?:^#|&)token=([^&]*)/.exec(window.location.hash);
    if (match) {
      try {
        window.sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
      } catch (e) {
        // Storage refused (private mode quotas): the token still works for this load.
        return decodeURIComponent(match[1]);
      } finally {
        window.history.replaceState(null, '', window.location.pathname + window.location.search);
      }
    }
    return window.sessionStorage.getItem(TOKEN_KEY) || '';
  }

  // --- DOM helpers ---------------------------------------------------------------------------

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.setAttribute('class', v);
      else node.setAttribute(k, String(v));
    }
  }

  function bilingual(zh, en) {
    return [zh, ' ', el('small', {}, en)];
  }

  function statusBadge(name) {
    const s = STATUS[name] || STATUS.INDICATOR_STATUS_NO_DATA;
    return el('span', { class: 'badge st-' + s.css, title: s.en }, s.glyph + ' ' + s.zh);
  }

  // --- figures -------------------------------------------------------------------------------

  function num(v, digits) {
    return Number(v).toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  function score(v) {
    return v === undefined || v === null ? '—' : Number(v).toFixed(1);
  }

  // An indicator's value in its unit, as the plan writes it (亿元, %, 天).
  function value(v, unit) {
    if (v === undefined || v === null) return '—';
    switch (unit) {
      case 'UNIT_YUAN':
        return Math.abs(v) >= 1e8 ? num(v / 1e8, 2) + ' 亿元' : num(v / 1e4, 1) + ' 万元';
      case 'UNIT_PERCENT': return num(v, 1) + '%';
      case 'UNIT_DAYS': return num(v, 0) + ' 天';
      case 'UNIT_PERSON_TIMES': return num(v, 0) + ' 人次';
      case 'UNIT_MILESTONE': return v >= 1 ? '完成 done' : '未完成 not done';
      case 'UNIT_UG_PER_M3': return num(v, 1) + ' µg/m³';
      default: return num(v, Number.isInteger(v) ? 0 : 1);
    }
  }

  function dateText(d) {
    if (!d || !d.year) return '—';
    return d.year + '-' + String(d.month).padStart(2, '0') + '-' + String(d.day).padStart(2, '0');
  }

  function timeText(rfc3339) {
    if (!rfc3339) return '—';
    const t = new Date(rfc3339);
    return t.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) + ' (UTC+8)';
  }

  function clamp01(x) { return Math.max(0, Math.min(1, x)); }

  // --- requests --------------------------------------------------------------------------------

  function authHeaders(extra) {
    return Object.assign({ Authorization: 'Bearer ' + token }, extra || {});
  }

  // The gateway's error body ({"error":{code,status,message}}) as an Error.
  async function failure(res) {
    let text = 'HTTP ' + res.status;
    try {
      const body = await res.json();
      if (body && body.error) text = res.status + ' ' + body.error.status + ': ' + body.error.message;
    } catch (e) { /* not JSON: the status says enough */ }
    const error = new Error(text);
    error.httpStatus = res.status;
    error.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    return error;
  }

  // GET a JSON route; the browser's cache revalidates with the ETag (304: no body resent).
  async function api(path) {
    const res = await fetch(path, { headers: authHeaders({ Accept: 'application/json' }), cache: 'no-cache' });
    if (!res.ok) throw await failure(res);
    return res.json();
  }

  function notice(text) {
    const box = $('notice');
    box.textContent = text;
    box.hidden = !text;
    if (text) status.lastError = text;
  }

  function setLive(stateName, text) {
    const live = $('live');
    live.dataset.state = stateName;
    live.replaceChildren(...text);
  }

  // --- the live stream ----------------------------------------------------------------------------

  function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

  // Calls onEvent({event, id, data}) for each event of a text/event-stream body.
  async function readEvents(body, onEvent, onBytes) {
    const reader = body.getReader();
    const decoder = new TextDecoder('utf-8');
    let buffer = '';
    let event = { event: 'message', id: null, data: [] };
    let eventBytes = 0;
    for (;;) {
      const { value: chunk, done } = await reader.read();
      if (done) return;
      onBytes();
      buffer += decoder.decode(chunk, { stream: true });
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        let line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '') {
          if (event.data.length) onEvent({ event: event.event, id: event.id, data: event.data.join('\n') });
          event = { event: 'message', id: null, data: [] };
          eventBytes = 0;
          continue;
        }
        if (line[0] === ':') continue;  // a heartbeat
        eventBytes += line.length;
        if (eventBytes > LIMITS.sseBytes) throw new Error('an event longer than ' + LIMITS.sseBytes + ' bytes');
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data.push(text);
        else if (field === 'event') event.event = text;
        else if (field === 'id') event.id = text;
      }
      if (buffer.length > LIMITS.sseBytes) throw new Error('a line longer than ' + LIMITS.sseBytes + ' bytes');
    }
  }

  async function watchOnce(url) {
    const controller = new AbortController();
    let silence = null;
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller.abort(), LIMITS.silentMs);
    };
    const headers = authHeaders({ Accept: 'text/event-stream' });
    if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
    try {
      heard();
      const res = await fetch(url, { headers, cache: 'no-store', signal: controller.signal });
      if (!res.ok) throw await failure(res);
      status.connects += 1;
      setLive('live', ['● 实时 ', el('small', {}, 'live')]);
      let streamError = null;
      await readEvents(res.body, (ev) => {
        if (ev.id) state.lastEventId = status.lastEventId = ev.id;
        if (ev.event === 'scorecard') {
          notice('');
          showCard(JSON.parse(ev.data));
        } else if (ev.event === 'error') {
          streamError = JSON.parse(ev.data).error;
        }
      }, heard);
      if (streamError) throw new Error(streamError.status + ': ' + streamError.message);
    } finally {
      clearTimeout(silence);
    }
  }

  async function watch() {
    const query = asOfParam ? '?as_of=' + asOfParam : '';
    const url = '/v1/districts/' + district + '/scorecard:watch' + query;
    let backoff = LIMITS.backoffMinMs;
    for (;;) {
      const before = status.cardsShown;
      try {
        await watchOnce(url);
      } catch (e) {
        if (e.name !== 'AbortError') notice('实时连接中断 live stream lost: ' + e.message);
        if (e.retryAfter) backoff = Math.max(backoff, e.retryAfter * 1000);
      }
      if (status.cardsShown > before) backoff = LIMITS.backoffMinMs;  // it worked for a while
      const wait = Math.round(backoff * (0.5 + Math.random() / 2));
      setLive('reconnecting', ['○ 重连中 ', el('small', {}, 'reconnecting in ' + Math.ceil(wait / 1000) + ' s')]);
      await sleep(wait);
      backoff = Math.min(backoff * 2, LIMITS.backoffMaxMs);
    }
  }

  // --- the card's panels --------------------------------------------------------------------------

  function showCard(card) {
    state.card = card;
    $('district-name').textContent = (card.districtNameZh || '') + ' ' + card.district;
    $('as-of').textContent = dateText(card.asOf);
    $('updated-at').textContent = timeText(card.computeTime);
    document.title = (card.districtNameZh || card.district) + ' 规划执行大屏 · ' + dateText(card.asOf);
    showOverall(card);
    showAreas(card);
    showIndicatorList($('weakest'), card, card.weakest || []);
    showIndicatorList($('strongest'), card, card.strongest || []);
    showGoodDays(card, null);
    showReporting(card);
    if (card.failedSources && card.failedSources.length) {
      notice('部分数据源不可用，显示最近已知数据 sources unavailable, last known figures shown: ' +
             card.failedSources.join(', '));
    }
    status.cardsShown += 1;
    refreshExtras().catch((e) => notice('面板更新失败 panels not updated: ' + e.message));
  }

  function showOverall(card) {
    document.querySelector('[data-figure="overall"]').textContent = score(card.overallScore);
    const elapsed = clamp01(card.elapsedShare || 0);
    const bar = el('div', { class: 'track' });
    const fill = el('div', { class: 'fill timeline-fill' });
    fill.style.width = (elapsed * 100).toFixed(1) + '%';
    bar.append(fill);
    $('timeline').replaceChildren(
      el('div', { class: 'label' }, '序时进度 ', el('small', {}, 'time line (year elapsed)'), ' ',
         el('b', { 'data-figure': 'elapsed' }, (elapsed * 100).toFixed(1) + '%')),
      bar);
    const counts = {};
    for (const area of card.areas || []) {
      for (const [name, n] of Object.entries(area.statusCounts || {})) counts[name] = (counts[name] || 0) + n;
    }
    const items = [];
    for (const name of Object.keys(STATUS)) {
      const n = counts[name.replace('INDICATOR_STATUS_', '')] || counts[name] || 0;
      if (!n) continue;
      items.push(el('li', {}, statusBadge(name), ' ', el('b', { 'data-count': name }, n)));
    }
    $('status-counts').replaceChildren(...items);
    $('plan').textContent = (card.plan || '') + (card.planVersion ? ' · v' + card.planVersion : '');
  }

  function showAreas(card) {
    const rows = [];
    for (const area of card.areas || []) {
      const names = AREAS[area.area] || [area.area, ''];
      const track = el('div', { class: 'track' });
      const fill = el('div', { class: 'fill score-fill' });
      fill.style.width = clamp01((area.score || 0) / 100) * 100 + '%';
      track.append(fill);
      const counts = [];
      for (const name of Object.keys(STATUS)) {
        const n = (area.statusCounts || {})[name.replace('INDICATOR_STATUS_', '')];
        if (n) counts.push(el('span', { class: 'mini st-' + STATUS[name].css, title: STATUS[name].en }, STATUS[name].glyph + n));
      }
      rows.push(el('div', { class: 'area' },
        el('div', { class: 'name' }, ...bilingual(names[0], names[1])),
        track,
        el('div', { class: 'score', 'data-area': area.area }, score(area.score)),
        el('div', { class: 'minis' }, ...counts)));
    }
    $('areas').replaceChildren(...rows);
  }

  function showIndicatorList(list, card, ids) {
    const byId = new Map((card.indicators || []).map((i) => [i.id, i]));
    const items = [];
    for (const id of ids.slice(0, LIMITS.listed)) {
      const ind = byId.get(id);
      if (!ind) continue;
      const gap = ind.timelineGapPp;
      const gapText = gap === undefined ? '' : (gap >= 0 ? '超序时 ahead +' : '低于序时 behind ') + num(gap, 1) + ' pp';
      items.push(el('li', { 'data-indicator': id },
        el('div', { class: 'line1' }, statusBadge(ind.status), ' ', el('span', { class: 'iname' }, ind.nameZh),
           ' ', el('small', {}, ind.nameEn || '')),
        el('div', { class: 'line2' },
           el('span', { class: 'actual', 'data-unit': ind.unit || '' }, value(ind.actual, ind.unit)),
           ind.unit === 'UNIT_MILESTONE' ? null : el('span', { class: 'target' }, ' / ' + value(ind.target || 0, ind.unit)),
           gapText ? el('span', { class: 'gap' }, ' · ' + gapText) : null,
           el('span', { class: 'iscore' }, ' · ', score(ind.score), el('small', {}, ' 分')))));
    }
    if (!items.length) items.push(el('li', { class: 'muted' }, '— 暂无 none'));
    list.replaceChildren(...items);
  }

  function goodDaysIndicator(card) {
    const inds = card.indicators || [];
    return inds.find((i) => i.id === 'eco.air_good_days') ||
           inds.find((i) => i.area === 'AREA_ECOLOGY' && i.unit === 'UNIT_DAYS') || null;
  }

  function showGoodDays(card, calendar) {
    const ind = goodDaysIndicator(card);
    const parts = [];
    if (calendar) {
      parts.push(el('div', { class: 'kpi calendar-kpi' }, el('b', { 'data-figure': 'good-days' }, calendar.goodDays || 0),
        el('span', {}, ' 优良天数 ', el('small', {}, 'good days'), ' / ',
           el('b', { 'data-figure': 'valid-days' }, calendar.validDays || 0), ' 有效 ', el('small', {}, 'valid'))));
    } else {
      // A new card before its calendar: keep the last calendar's figures until it comes.
      const old = document.querySelector('#aqi-summary .calendar-kpi');
      if (old) parts.push(old);
    }
    if (ind) {
      parts.push(el('div', { class: 'kpi' },
        statusBadge(ind.status), ' 目标 ', el('small', {}, 'target'), ' ', value(ind.target || 0, ind.unit),
        ' · 年末预计 ', el('small', {}, 'projected'), ' ',
        el('b', { 'data-figure': 'good-days-projection' }, value(ind.yearEndProjection, ind.unit)),
        ind.daysToSpare === undefined ? null
          : el('span', {}, ' · 可余非优良 ', el('small', {}, 'days to spare'), ' ',
               el('b', { 'data-figure': 'days-to-spare' }, num(ind.daysToSpare, 0)))));
    }
    $('aqi-summary').replaceChildren(...parts);
  }

  function showCalendar(calendar, year) {
    const months = new Map();
    for (const day of calendar.days || []) {
      if (day.date.year !== year) continue;
      if (!months.has(day.date.month)) months.set(day.date.month, []);
      months.get(day.date.month).push(day);
    }
    const rows = [];
    for (const [month, days] of months) {
      const cells = [el('div', { class: 'month' }, month + '月')];
      for (const day of days) {
        const cat = day.valid ? (AQI[day.category] || AQI_NONE) : AQI_NONE;
        const tip = dateText(day.date) + ' ' + (day.valid ? 'AQI ' + day.aqi + ' ' + cat.zh + ' ' + cat.en : cat.zh + ' ' + cat.en);
        cells.push(el('div', { class: 'day ' + cat.css, title: tip, 'data-date': dateText(day.date) }, cat.mark));
      }
      rows.push(el('div', { class: 'row' }, ...cells));
    }
    $('aqi-calendar').replaceChildren(...rows);
  }

  function showLegends() {
    $('status-legend').replaceChildren(...Object.keys(STATUS).map((name) =>
      el('li', {}, statusBadge(name), ' ', el('small', {}, STATUS[name].en))));
    $('aqi-legend').replaceChildren(...[...Object.values(AQI), AQI_NONE].map((c) =>
      el('li', {}, el('span', { class: 'day ' + c.css }, c.mark || ' '), ' ' + c.zh + ' ', el('small', {}, c.en))));
    $('reporting-legend').replaceChildren(...REPORTING.map(([, zh, en, css, mark]) =>
      el('li', {}, el('span', { class: 'swatch ' + css }, mark), ' ' + zh + ' ', el('small', {}, en))));
  }

  function reportingBar(group, label) {
    const total = REPORTING.reduce((sum, [key]) => sum + (group[key] || 0), 0) || 1;
    const track = el('div', { class: 'stack' });
    const words = [];
    for (const [key, zh, , css, mark] of REPORTING) {
      const n = group[key] || 0;
      if (!n) continue;
      const seg = el('div', { class: 'seg ' + css, title: zh + ' ' + n }, mark + ' ' + n);
      seg.style.width = (n / total * 100).toFixed(2) + '%';
      track.append(seg);
      words.push(zh + ' ' + n);
    }
    return el('div', { class: 'rep' }, el('div', { class: 'name' }, ...label), track,
              el('div', { class: 'words' }, words.join(' · ')));
  }

  function showReporting(card) {
    const rows = [];
    const sources = { investment: ['投资', 'investment'], environment: ['环境', 'environment'], social: ['社会', 'social'] };
    for (const group of card.reporting || []) {
      const names = sources[group.source] || [group.source, ''];
      rows.push(reportingBar(group, bilingual(names[0], names[1])));
    }
    const late = (card.reportingByDepartment || [])
      .filter((g) => (g.overdue || 0) + (g.stale || 0) > 0)
      .sort((a, b) => (b.overdue || 0) - (a.overdue || 0) || (b.stale || 0) - (a.stale || 0))
      .slice(0, LIMITS.departments);
    if (late.length) {
      rows.push(el('h3', {}, '逾期或过期的责任单位 ', el('small', {}, 'departments late')));
      for (const group of late) rows.push(reportingBar(group, [group.department]));
    }
    $('reporting').replaceChildren(...rows);
  }

  // --- the panels from other routes ---------------------------------------------------------------

  // One refresh at a time; a card arriving meanwhile asks for one more afterwards.
  async function refreshExtras() {
    if (state.extrasRunning) {
      state.extrasAgain = true;
      return;
    }
    state.extrasRunning = true;
    try {
      do {
        state.extrasAgain = false;
        await loadExtras(state.card);
      } while (state.extrasAgain);
    } finally {
      state.extrasRunning = false;
    }
  }

  async function loadExtras(card) {
    const asOf = dateText(card.asOf);
    const year = card.asOf.year;
    const trendIds = [];
    const good = goodDaysIndicator(card);
    for (const id of [good && good.id, ...(card.weakest || []).slice(0, 2), ...(card.strongest || []).slice(0, 1)]) {
      if (id && !trendIds.includes(id) && trendIds.length < LIMITS.trends) trendIds.push(id);
    }
    const base = '/v1/districts/' + district;
    const jobs = [
      api(base + '/aqiCalendar?start_date=' + year + '-01-01&end_date=' + asOf),
      api('/v1/scorecards:compare?as_of=' + asOf),
      ...trendIds.map((id) => api(base + '/indicators/' + encodeURIComponent(id) + '/history?year=' + year +
                                  '&to_month=' + card.asOf.month)),
    ];
    const results = await Promise.allSettled(jobs);
    const [calendar, comparison, ...histories] = results;
    if (calendar.status === 'fulfilled') {
      showCalendar(calendar.value, year);
      showGoodDays(state.card, calendar.value);
    }
    if (comparison.status === 'fulfilled') showRanking(comparison.value);
    showTrends(histories.filter((h) => h.status === 'fulfilled').map((h) => h.value));
    const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
    if (failed.length) notice('部分面板未能更新 some panels not updated: ' + failed[0]);
    status.extrasShown += 1;
  }

  function showRanking(comparison) {
    const rows = [];
    const districts = comparison.districts || [];
    const best = Math.max(100, ...districts.map((d) => d.overallScore || 0));
    for (const d of districts.slice(0, LIMITS.ranked)) {
      const mine = d.district === district;
      const track = el('div', { class: 'track' });
      const fill = el('div', { class: 'fill score-fill' });
      fill.style.width = clamp01((d.overallScore || 0) / best) * 100 + '%';
      track.append(fill);
      rows.push(el('tr', { class: mine ? 'mine' : '', 'data-district': d.district },
        el('td', {}, d.overallRank ? '#' + d.overallRank : '—'),
        el('td', {}, (mine ? '▶ ' : '') + (d.districtNameZh || '') + ' ', el('small', {}, d.district)),
        el('td', { class: 'num', 'data-figure': 'rank-score' }, score(d.overallScore)),
        el('td', { class: 'barcol' }, track)));
    }
    if (districts.length > LIMITS.ranked) {
      rows.push(el('tr', {}, el('td', { colspan: 4, class: 'muted' },
        '另有 ' + (districts.length - LIMITS.ranked) + ' 个区 more districts')));
    }
    $('ranking').tBodies[0].replaceChildren(...rows);
  }

  function showTrends(histories) {
    $('trends').replaceChildren(...histories.map(trendChart));
  }

  function trendChart(history) {
    const points = (history.points || []).slice(-12);
    const W = 300;
    const H = 96;
    const pad = { l: 6, r: 6, t: 6, b: 16 };
    const values = [];
    for (const p of points) {
      if (p.actual !== undefined) values.push(p.actual);
      values.push(p.expected || 0);
    }
    const lo = Math.min(0, ...values);
    const hi = Math.max(1e-9, ...values);
    const x = (i) => pad.l + (points.length < 2 ? 0 : i * (W - pad.l - pad.r) / (points.length - 1));
    const y = (v) => H - pad.b - (v - lo) / (hi - lo || 1) * (H - pad.t - pad.b);
    const chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'chart', role: 'img',
                               'aria-label': (history.nameEn || history.indicator) + ' month-end trend' });
    const line = (key, cls) => {
      const d = [];
      points.forEach((p, i) => {
        if (p[key] === undefined) return;
        d.push((d.length ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(p[key]).toFixed(1));
      });
      if (d.length) chart.append(svg('path', { d: d.join(' '), class: cls }));
    };
    line('expected', 'expected');
    line('actual', 'actual');
    points.forEach((p, i) => {
      if (p.actual === undefined) return;
      chart.append(svg('circle', { cx: x(i).toFixed(1), cy: y(p.actual).toFixed(1), r: 3, class: 'dot' }));
    });
    points.forEach((p, i) => {
      const t = svg('text', { x: x(i).toFixed(1), y: H - 4, class: 'tick' });
      t.textContent = String(p.asOf.month);
      chart.append(t);
    });
    const last = points.length ? points[points.length - 1] : null;
    return el('figure', { class: 'trend', 'data-indicator': history.indicator },
      el('figcaption', {}, history.nameZh + ' ', el('small', {}, history.nameEn || ''), ' ',
         el('b', {}, last ? value(last.actual, history.unit) : '—'),
         el('small', {}, ' / ' + value(history.target || 0, history.unit))),
      chart);
  }

  // --- start ------------------------------------------------------------------------------------

  function start() {
    showLegends();
    $('district-name').textContent = district;
    if (!token) {
      notice('缺少令牌：请用 /#token=<JWT> 打开本页 No token: open this page as /#token=<JWT> ' +
             '(scripts/dev-token.py --sub dashboard)');
      setLive('offline', ['○ 未连接 ', el('small', {}, 'not connected')]);
      return;
    }
    watch();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
