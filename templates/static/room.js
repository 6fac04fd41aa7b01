/*
 * room.js - keeps the proctor's room page fresh: polls
 * /api/v1/sittings/{id}/room every 5 s (paused with the button, or while
 * the tab is hidden), redraws the seats in the order chosen by the
 * header buttons (aria-sort), and lists integrity events newest first.
 * Text comes from the page's data-l-* attributes; nothing from the
 * server is put in as HTML.
 */
(function () {
	'use strict';
	var root = document.getElementById('room');
	if (!root) return;
	var id = root.dataset.sitting, lang = root.dataset.lang;
	var body = document.getElementById('room-body');
	var evList = document.getElementById('room-events');
	var stamp = document.getElementById('room-time');
	var errBox = document.getElementById('room-error');
	var pauseBtn = document.getElementById('room-pause');
	var ths = root.querySelectorAll('th[data-key]');
	var sortKey = 'seat', sortDir = 1, paused = false, seats = [], events = [], timer = null;
	var ORDER = { offline: 0, paused: 1, saving: 2, started: 3, checked_in: 4, absent: 5, submitted: 6 };

	function l(k) { var v = root.getAttribute('data-l-' + k); return v === null ? k : v; }
	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	var labels = [3, 4, 5].map(function (i) { return root.querySelectorAll('thead th')[i].textContent.trim(); });
	function mmss(s) {
		if (!s || s <= 0) return '–';
		var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), x = s % 60;
		return (h ? h + ':' + (m < 10 ? '0' : '') : '') + m + ':' + (x < 10 ? '0' : '') + x;
	}
	function clock(d) {
		return d.toLocaleTimeString(lang === 'zh-TW' ? 'zh-TW' : 'en-GB', { hour12: false });
	}
	function cmp(a, b) {
		var x, y;
		if (sortKey === 'name') { x = a.name; y = b.name; return sortDir * x.localeCompare(y, lang); }
		if (sortKey === 'state') { x = ORDER[a.state]; y = ORDER[b.state]; }
		else if (sortKey === 'seat') { x = a.seat || 1e9; y = b.seat || 1e9; }
		else { x = a[sortKey]; y = b[sortKey]; }
		return x === y ? a.name.localeCompare(b.name, lang) : sortDir * (x < y ? -1 : 1);
	}
	function stateText(s) {
		var t = l(s.state);
		if (s.state === 'offline') t = l('offline_for').replace('{seconds}', s.last_seen_s);
		return t;
	}
	function draw() {
		var rows = seats.slice().sort(cmp), frag = document.createDocumentFragment();
		rows.forEach(function (s) {
			var tr = el('tr'), th = el('th', '', s.name);
			th.scope = 'row';
			if (s.name_alt) { th.appendChild(document.createTextNode(' ')); th.appendChild(el('span', 'alt', s.name_alt)); }
			tr.appendChild(el('td', 'num', s.seat ? String(s.seat) : '–'));
			tr.appendChild(th);
			var td = el('td');
			td.appendChild(el('span', 'state state-' + s.state, stateText(s)));
			tr.appendChild(td);
			var c = [mmss(s.time_left_s), s.total ? s.answered + ' / ' + s.total : '–', String(s.events)];
			var cls = ['num', 'num', 'num' + (s.events ? ' warn' : '')];
			for (var i = 0; i < 3; i++) {
				var cell = el('td', cls[i], c[i]);
				cell.setAttribute('data-label', labels[i]);
				tr.appendChild(cell);
			}
			frag.appendChild(tr);
		});
		body.textContent = '';
		body.appendChild(frag);
		var ef = document.createDocumentFragment();
		events.forEach(function (e) {
			var li = el('li');
			li.appendChild(el('time', '', clock(new Date(e.at * 1000))));
			li.appendChild(document.createTextNode(' ' + (e.seat ? '#' + e.seat + ' · ' : '') + e.name + ' · ' + l('event_' + e.kind)));
			ef.appendChild(li);
		});
		evList.textContent = '';
		evList.appendChild(ef);
		ths.forEach(function (th) {
			th.setAttribute('aria-sort', th.dataset.key === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
		});
	}
	function poll() {
		if (paused || document.hidden) return;
		fetch('/api/v1/sittings/' + encodeURIComponent(id) + '/room', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
			.then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
			.then(function (j) {
				seats = j.seats || []; events = j.events || [];
				draw();
				stamp.textContent = clock(new Date());
				errBox.textContent = '';
			})
			.catch(function () { errBox.textContent = l('failed'); });
	}
	ths.forEach(function (th) {
		th.querySelector('button').addEventListener('click', function () {
			var k = th.dataset.key;
			sortDir = k === sortKey ? -sortDir : 1;
			sortKey = k;
			draw();
		});
	});
	pauseBtn.hidden = false;
	pauseBtn.addEventListener('click', function () {
		paused = !paused;
		pauseBtn.setAttribute('aria-pressed', paused ? 'true' : 'false');
		pauseBtn.textContent = paused ? l('resume') : l('pause');
		if (!paused) poll();
	});
	document.addEventListener('visibilitychange', function () { if (!document.hidden) poll(); });
	poll();
	timer = setInterval(poll, 5000);
})();
