// The session summary page (/s/<id>#key=<summary key>), and the same page for a whole series of sessions
// (/s/series/<id>#key=<series page key>: "you said, we did"). Plain script, no build step, no inline code: it reads
// the key from the link's fragment (never sent to the server), keeps it on this device so the page can be reopened,
// fetches the summary with it as a Bearer token, and redraws it every 20 seconds when something changed.
// Everything people wrote is put in with textContent, never as HTML.
'use strict'
;(function () {
  var REFRESH_MS = 20000
  var EASY_READ_KEY = 'roundtable.summary.easyRead'
  var seriesMode = location.pathname.indexOf('/s/series/') === 0
  var boardId = decodeURIComponent(location.pathname.split('/')[seriesMode ? 3 : 2] || '')
  var keyStore = (seriesMode ? 'roundtable.series.key.' : 'roundtable.summary.key.') + boardId
  // Where the page's data and its link to pass on come from.
  var api = seriesMode
    ? {
        data: '/api/series/' + encodeURIComponent(boardId),
        share: '/api/series/' + encodeURIComponent(boardId) + '/share',
      }
    : {
        data: '/api/boards/' + encodeURIComponent(boardId) + '/summary',
        share: '/api/boards/' + encodeURIComponent(boardId) + '/summary/share',
      }
  var etag = null
  var lastDrawn = null

  var STATUS = {
    agreed: { label: 'Agreed', heading: 'Agreed', icon: 'agreed' },
    'in-progress': { label: 'In progress', heading: 'In progress', icon: 'progress' },
    done: { label: 'Done', heading: 'Done', icon: 'done' },
    proposed: { label: 'Suggested', heading: 'Suggested, not agreed yet', icon: 'suggested' },
    dropped: { label: 'Dropped', heading: 'Dropped', icon: 'dropped' },
  }
  var STATUS_ORDER = ['agreed', 'in-progress', 'done', 'proposed', 'dropped']

  // Simple line icons (24 × 24), shown in "Easy read".
  var ICONS = {
    person: [
      ['circle', { cx: 12, cy: 8, r: 4 }],
      ['path', { d: 'M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8' }],
    ],
    calendar: [
      ['rect', { x: 3, y: 5, width: 18, height: 16, rx: 2 }],
      ['path', { d: 'M3 10h18M8 3v4M16 3v4' }],
    ],
    note: [
      ['path', { d: 'M4 20h4L19 9l-4-4L4 16z' }],
      ['path', { d: 'M13 7l4 4' }],
    ],
    idea: [
      ['path', { d: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z' }],
    ],
    people: [
      ['circle', { cx: 9, cy: 8, r: 3 }],
      ['circle', { cx: 17, cy: 9, r: 2.5 }],
      ['path', { d: 'M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6M15 14.5c3 0 6 2 6 5.5' }],
    ],
    agreed: [['path', { d: 'M5 12l5 5L19 7' }]],
    progress: [
      ['circle', { cx: 12, cy: 12, r: 9 }],
      ['path', { d: 'M12 7v5l3 2' }],
    ],
    done: [
      ['circle', { cx: 12, cy: 12, r: 9 }],
      ['path', { d: 'M8 12l3 3 5-6' }],
    ],
    suggested: [['path', { d: 'M4 5h16v11H9l-5 4z' }]],
    dropped: [['path', { d: 'M6 6l12 12M18 6L6 18' }]],
    vote: [['circle', { cx: 12, cy: 12, r: 5, fill: 'currentColor' }]],
    list: [
      ['path', { d: 'M9 6h11M9 12h11M9 18h11' }],
      ['circle', { cx: 4.5, cy: 6, r: 1.2, fill: 'currentColor' }],
      ['circle', { cx: 4.5, cy: 12, r: 1.2, fill: 'currentColor' }],
      ['circle', { cx: 4.5, cy: 18, r: 1.2, fill: 'currentColor' }],
    ],
  }

  var SVG = 'http://www.w3.org/2000/svg'
  function icon(name) {
    var svg = document.createElementNS(SVG, 'svg')
    svg.setAttribute('viewBox', '0 0 24 24')
    svg.setAttribute('class', 'icon')
    svg.setAttribute('aria-hidden', 'true')
    svg.setAttribute('focusable', 'false')
    ICONS[name].forEach(function (part) {
      var el = document.createElementNS(SVG, part[0])
      Object.keys(part[1]).forEach(function (k) {
        el.setAttribute(k, String(part[1][k]))
      })
      svg.appendChild(el)
    })
    return svg
  }

  /** Make an element: el('p', { class: 'x' }, 'text', child, …). Strings become text, never HTML. */
  function el(tag, attrs) {
    var node = document.createElement(tag)
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k])
    })
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i]
      if (child === null || child === undefined || child === false) continue
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child)
    }
    return node
  }

  var dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  var localDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
  var localTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })
  /** A `YYYY-MM-DD` date as words, e.g. "3 March 2025". */
  function dueInWords(date) {
    return dayFormat.format(new Date(date + 'T00:00:00Z'))
  }
  function dots(n) {
    return n === 1 ? '1 dot' : n + ' dots'
  }
  function people(n) {
    return n === 1 ? '1 person' : n + ' people'
  }

  /** One labelled fact. People's own words go in with dir="auto", so right-to-left writing shows the right way. */
  function fact(iconName, label, value, extraClass) {
    var dd = typeof value === 'string' ? el('dd', { dir: 'auto' }, value) : el('dd', {}, value)
    return el('div', { class: 'fact' + (extraClass ? ' ' + extraClass : '') }, el('dt', {}, icon(iconName), label), dd)
  }

  /** People's words inside a sentence of the page's own: isolated, so their direction cannot scramble ours. */
  function words(text) {
    return el('bdi', {}, text)
  }

  function drawAction(a) {
    var status = STATUS[a.status] || STATUS.proposed
    var facts = el('dl', { class: 'facts' })
    facts.appendChild(fact('person', 'Who', a.who || 'Nobody named yet'))
    facts.appendChild(fact('calendar', 'By when', a.due ? dueInWords(a.due) : 'No date set'))
    facts.appendChild(fact(status.icon, 'Status', el('span', { class: 'badge status-' + a.status }, status.label)))
    if (a.note) facts.appendChild(fact('note', 'Note', a.note, 'note'))
    // On a series page: since when the action has had its status (what happened next, and when).
    if (seriesMode && a.statusChangedAt && a.status !== 'proposed')
      facts.appendChild(fact('calendar', 'Status since', localDay.format(new Date(a.statusChangedAt))))
    // What happened, as said when it was marked done (in this session or a later one of its series).
    if (a.status === 'done' && a.outcome) {
      var happened = el('span', {}, words(a.outcome.note), ' (' + localDay.format(new Date(a.outcome.at)) + ')')
      if (a.outcome.sessionNumber) happened.append(' — marked done at session ' + a.outcome.sessionNumber)
      facts.appendChild(fact('done', 'What happened', happened, 'note'))
    }
    if (a.idea) {
      var from = el('span', {})
      if (a.idea.text === null) from.appendChild(document.createTextNode('An idea that was later removed'))
      else from.append('“', words(a.idea.text), '”')
      if (a.idea.dots > 0) from.append(' (' + dots(a.idea.dots) + ')')
      facts.appendChild(fact('idea', 'From the idea', from))
    }
    if (a.agree > 0 || a.concern > 0) {
      var said = a.agree + ' agree'
      if (a.concern > 0) said += ', ' + a.concern + ' with a concern'
      facts.appendChild(fact('people', 'What people said', said))
    }
    return el('li', { class: 'action status-' + a.status }, el('p', { class: 'what', dir: 'auto' }, a.what), facts)
  }

  /** "What we agreed", grouped by status; `part` (a series' session) adds its own heading ids and levels. */
  function drawActions(summary, part) {
    var id = part ? 'agreed-heading-' + part.number : 'agreed-heading'
    var section = el('section', { class: 'agreed', 'aria-labelledby': id })
    section.appendChild(el(part ? 'h3' : 'h2', { id: id }, icon('agreed'), 'What we agreed'))
    if (summary.actions.length === 0) {
      section.appendChild(el('p', { class: 'empty' }, 'No actions were written down in this session yet.'))
      return section
    }
    STATUS_ORDER.forEach(function (status) {
      var group = summary.actions.filter(function (a) {
        return a.status === status
      })
      if (group.length === 0) return
      section.appendChild(
        el(part ? 'h4' : 'h3', {}, icon(STATUS[status].icon), STATUS[status].heading + ' (' + group.length + ')'),
      )
      var list = el('ul', { class: 'actions' })
      group.forEach(function (a) {
        list.appendChild(drawAction(a))
      })
      section.appendChild(list)
    })
    return section
  }

  function drawCluster(cluster, hasFrames) {
    // A board without frames has one list of ideas and needs no heading for it.
    var title = cluster.frameId === null ? (hasFrames ? 'Other ideas' : null) : cluster.title || 'Untitled group'
    var box = el('div', { class: 'cluster' }, title === null ? null : el('h4', { dir: 'auto' }, title))
    var list = el('ol', { class: 'ideas' })
    cluster.ideas.forEach(function (idea) {
      // Ranks come with the summary, over the whole board (the vote), so "=2" means joint 2nd in the whole vote.
      var mark = idea.rank ? (idea.tied ? '=' : '') + idea.rank : ''
      var item = el(
        'li',
        { class: 'idea' + (idea.totalDots > 0 ? '' : ' no-dots') },
        // The visible mark ("=2") is hidden from screen readers, which hear the words instead.
        el(
          'span',
          { class: 'rank' },
          el('span', { 'aria-hidden': 'true' }, mark),
          el('span', { class: 'visually-hidden' }, mark ? 'Rank ' + mark.replace('=', 'joint ') + ': ' : 'No dots: '),
        ),
        el('span', { class: 'text', dir: 'auto' }, idea.text.trim() ? idea.text : '(empty note)'),
      )
      if (idea.totalDots > 0) {
        var visual = el('span', { class: 'dot-row', 'aria-hidden': 'true' })
        for (var d = 0; d < Math.min(idea.totalDots, 10); d++) visual.appendChild(el('span', { class: 'dot' }))
        item.appendChild(el('span', { class: 'dots' }, visual, dots(idea.totalDots) + (idea.tied ? ', tied' : '')))
      }
      list.appendChild(item)
    })
    box.appendChild(list)
    return box
  }

  function drawVote(round, numbered) {
    var name = numbered ? 'Vote ' + round.number : 'Vote'
    var when =
      round.status === 'open'
        ? 'still open'
        : 'closed ' + (round.closedAt ? localDay.format(new Date(round.closedAt)) : '')
    var text = name + ' (' + when + '): ' + people(round.voters) + ' voted'
    if (round.abstained > 0) text += ', ' + round.abstained + ' chose not to'
    text += ', ' + dots(round.dotsCast) + ' in all.'
    if (!round.resultsVisible) text += ' The results were kept hidden.'
    return el('p', { class: 'vote' }, icon('vote'), text)
  }

  function drawIdeas(summary) {
    var section = el('section', { class: 'ideas-section', 'aria-labelledby': 'ideas-heading' })
    section.appendChild(el('h2', { id: 'ideas-heading' }, icon('list'), 'Ideas, with the most dots first'))
    summary.boards.forEach(function (board) {
      var box = el('div', { class: 'board' }, el('h3', { dir: 'auto' }, board.name || 'Untitled board'))
      summary.rounds
        .filter(function (r) {
          return r.boardId === board.id
        })
        .forEach(function (r) {
          box.appendChild(drawVote(r, summary.rounds.length > 1))
        })
      if (board.clusters.length === 0) box.appendChild(el('p', { class: 'empty' }, 'No ideas on this board.'))
      var hasFrames = board.clusters.some(function (c) {
        return c.frameId !== null
      })
      board.clusters.forEach(function (cluster) {
        box.appendChild(drawCluster(cluster, hasFrames))
      })
      section.appendChild(box)
    })
    return section
  }

  // "Whose voices shaped this": figures by group, never by person (see packages/board/src/evidence.ts). The same
  // table as the Markdown summary; easy read says it in simpler words.
  var EVIDENCE_WORDS = {
    plain: {
      heading: 'Whose voices shaped this',
      intro: function (n) {
        return (
          'People could say how they come to this session. These are totals for each group; a group of fewer than ' +
          n +
          ' people is counted under “Everyone else” so that nobody can be singled out.'
        )
      },
      caption: 'Ideas, dots and agreements from each group of people',
      columns: ['Group', 'People', 'Ideas', 'Dots', 'Said “I\u00a0agree”', 'Agreed actions from their ideas'],
      others: 'Everyone else',
      fewer: function (n) {
        return 'fewer than ' + n
      },
      othersNote:
        '“Everyone else” is people who said “I’d rather not say”, did not answer, or are in a group too small to show, and ideas nobody is known to have added.',
      series: function (n) {
        return (
          'The figures of ' +
          n +
          (n === 1 ? ' session are' : ' sessions are') +
          ' added up, each counted as that session’s own summary shows it. “People” counts the times people of a group took part: someone who came to three sessions is counted three times.'
        )
      },
      none: 'Nobody has taken part yet.',
    },
    easy: {
      heading: 'Who had a say',
      intro: function (n) {
        return (
          'People could say which group they are in. We counted what each group did. A group with fewer than ' +
          n +
          ' people is counted in “Everyone else”. This means nobody can be found out.'
        )
      },
      caption: 'What each group did',
      columns: ['Group', 'People', 'Ideas', 'Dots', 'Said “I\u00a0agree”', 'Actions agreed from their ideas'],
      others: 'Everyone else',
      fewer: function (n) {
        return 'fewer than ' + n
      },
      othersNote: '“Everyone else” means people who did not say, or who are in a small group.',
      series: function (n) {
        return 'These are added up from ' + n + ' meetings. If you came to 3 meetings, you are counted 3 times.'
      },
      none: 'Nobody has taken part yet.',
    },
  }

  function drawEvidence(evidence) {
    var w = document.documentElement.classList.contains('easy-read') ? EVIDENCE_WORDS.easy : EVIDENCE_WORDS.plain
    var section = el('section', { class: 'evidence', 'aria-labelledby': 'evidence-heading' })
    section.appendChild(el('h2', { id: 'evidence-heading' }, icon('people'), w.heading))
    section.appendChild(el('p', { class: 'evidence-intro' }, w.intro(evidence.threshold)))
    // A series adds up its sessions' own figures: someone who came three times is counted three times.
    if (evidence.sessionsCounted)
      section.appendChild(el('p', { class: 'evidence-intro' }, w.series(evidence.sessionsCounted)))
    var rows = evidence.groups.map(function (g) {
      return { label: g.label, own: true, people: String(g.people), figures: g }
    })
    if (evidence.others) {
      var n = evidence.others.people
      rows.push({
        label: w.others,
        own: false,
        people: n === null ? w.fewer(evidence.threshold) : String(n),
        figures: evidence.others,
      })
    }
    if (rows.length === 0) {
      section.appendChild(el('p', { class: 'empty' }, w.none))
      return section
    }
    // The ARIA roles repeat what the elements say: on a narrow screen each row is shown as a card (CSS display),
    // which some browsers take as "no longer a table" unless told.
    var head = el('tr', { role: 'row' })
    w.columns.forEach(function (name, i) {
      head.appendChild(el('th', { scope: 'col', role: 'columnheader', class: i === 0 ? 'label' : 'number' }, name))
    })
    var body = el('tbody', { role: 'rowgroup' })
    rows.forEach(function (row) {
      var f = row.figures
      var cell = function (column, value) {
        return el('td', { role: 'cell', class: 'number', 'data-label': w.columns[column] }, value)
      }
      body.appendChild(
        el(
          'tr',
          { role: 'row', class: row.own ? 'group' : 'others' },
          // Group names are typed by facilitators: people's words, isolated from the page's own direction.
          el('th', { scope: 'row', role: 'rowheader', class: 'label', dir: row.own ? 'auto' : 'ltr' }, row.label),
          cell(1, row.people),
          cell(2, String(f.ideas)),
          cell(3, String(f.dots)),
          cell(4, String(f.agreements)),
          cell(5, String(f.agreedActions)),
        ),
      )
    })
    var table = el(
      'table',
      { class: 'evidence-table', role: 'table' },
      el('caption', {}, w.caption),
      el('thead', { role: 'rowgroup' }, head),
      body,
    )
    // A wide table scrolls sideways on a small phone; the box can then be scrolled with the keyboard too.
    section.appendChild(
      el('div', { class: 'table-box', role: 'region', 'aria-label': w.caption, tabindex: '0' }, table),
    )
    if (evidence.others) section.appendChild(el('p', { class: 'evidence-note' }, w.othersNote))
    return section
  }

  /** "You said, we did" for a whole series: every session in order, what it agreed and what happened next. */
  function drawSeries(summary) {
    var title = summary.series.name || 'Series of sessions'
    document.title = title + ' – you said, we did'
    document.getElementById('title').textContent = title
    document.getElementById('kicker').textContent = 'You said, we did'
    var count = summary.sessions.length
    document.getElementById('dates').textContent =
      count +
      (count === 1 ? ' session' : ' sessions') +
      ', from ' +
      localDay.format(new Date(summary.series.createdAt)) +
      '. Last changed ' +
      localDay.format(new Date(summary.series.exportedAt)) +
      ' at ' +
      localTime.format(new Date(summary.series.exportedAt)) +
      '.'
    var parts = summary.sessions.map(function (session) {
      var id = 'session-' + session.number
      var section = el('section', { class: 'session', 'aria-labelledby': id })
      section.appendChild(
        el(
          'h2',
          { id: id },
          icon('calendar'),
          // One span, so the heading's icon layout keeps the words together.
          el('span', {}, 'Session ' + session.number + ': ', words(session.title || 'Untitled session')),
        ),
      )
      section.appendChild(el('p', { class: 'dates' }, 'Held ' + localDay.format(new Date(session.createdAt)) + '.'))
      // Earlier sessions' actions people marked done at this one: the story of "what happened next".
      var followed = []
      summary.sessions.forEach(function (earlier) {
        if (earlier.number >= session.number) return
        earlier.actions.forEach(function (a) {
          if (a.status === 'done' && a.outcome && a.outcome.sessionNumber === session.number)
            followed.push({ action: a, from: earlier.number })
        })
      })
      if (followed.length > 0) {
        var doneHere = el('ul', { class: 'followed' })
        followed.forEach(function (f) {
          doneHere.appendChild(
            el(
              'li',
              { dir: 'auto' },
              el('strong', {}, words(f.action.what)),
              ' (from session ' + f.from + '): ',
              words(f.action.outcome.note),
            ),
          )
        })
        section.appendChild(el('h3', {}, icon('done'), 'Done since an earlier session'))
        section.appendChild(doneHere)
      }
      section.appendChild(drawActions({ actions: session.actions }, session))
      return section
    })
    if (summary.omittedActions > 0)
      parts.push(
        el(
          'p',
          { class: 'notice' },
          summary.omittedActions + ' more actions are not shown: the series is too long for one page.',
        ),
      )
    if (summary.evidence) parts.push(drawEvidence(summary.evidence))
    return parts
  }

  function draw(summary) {
    if (seriesMode) return finishDraw(drawSeries(summary))
    var title = summary.board.title || 'Session summary'
    document.title = title + ' – summary'
    document.getElementById('title').textContent = title
    document.getElementById('dates').textContent =
      'Session started ' +
      localDay.format(new Date(summary.board.createdAt)) +
      '. Last changed ' +
      localDay.format(new Date(summary.board.exportedAt)) +
      ' at ' +
      localTime.format(new Date(summary.board.exportedAt)) +
      '.'
    var parts = [drawActions(summary), drawIdeas(summary)]
    // Only in sessions that asked how people come to them (never in anonymous ones); older summaries have no field.
    if (summary.evidence) parts.push(drawEvidence(summary.evidence))
    finishDraw(parts)
  }

  function finishDraw(parts) {
    var main = document.getElementById('content')
    main.replaceChildren.apply(main, parts)
    main.setAttribute('data-ready', 'true')
    document.getElementById('easy-read').hidden = false
    document.getElementById('print').hidden = false
  }

  function say(message) {
    document.getElementById('status').textContent = message
  }

  function showProblem(message) {
    document.getElementById('title').textContent = 'The summary cannot be shown'
    document.getElementById('content').replaceChildren(el('p', { class: 'notice' }, message))
  }

  function readKey() {
    var match = /(?:^#|&)key=([^&]+)/.exec(location.hash)
    if (match) {
      var key = decodeURIComponent(match[1])
      try {
        localStorage.setItem(keyStore, key)
      } catch (e) {
        /* private browsing: the key then lives only in this page */
      }
      // The key stays in the address bar: this link is made to be passed on, so a copied address must work.
      return key
    }
    var kept = null
    try {
      kept = localStorage.getItem(keyStore)
    } catch (e) {
      kept = null
    }
    // Reopened without the key (from history or a bookmark): put it back, so the address can be passed on again.
    if (kept) history.replaceState(null, '', location.pathname + location.search + '#key=' + encodeURIComponent(kept))
    return kept
  }

  // The link to pass on and its QR code, from the server (which knows the address phones can reach). Shown on
  // screen and on paper, so a printed summary still leads people back to the live one.
  var shareShown = false
  function loadShare() {
    if (!key || shareShown) return
    fetch(api.share, {
      headers: { Authorization: 'Bearer ' + key },
      cache: 'no-store',
    })
      .then(function (res) {
        return res.ok ? res.json() : null
      })
      .then(function (share) {
        if (!share || typeof share.link !== 'string' || typeof share.qr !== 'string') return
        var svg = new DOMParser().parseFromString(share.qr, 'image/svg+xml').documentElement
        if (svg.nodeName.toLowerCase() !== 'svg') return
        svg.setAttribute('role', 'img')
        svg.setAttribute('aria-label', 'QR code for the summary link')
        document.getElementById('share-qr').replaceChildren(document.importNode(svg, true))
        var link = document.getElementById('share-link')
        link.textContent = share.link
        link.setAttribute('href', share.link)
        // A series also offers its calendar feed: owners see their due dates in their own calendar app.
        if (seriesMode && typeof share.webcal === 'string') {
          document.getElementById('share-heading').textContent = 'Pass this page on'
          document
            .getElementById('share-calendar')
            .replaceChildren(
              el('a', { href: share.webcal }, 'Add the due dates to your calendar'),
              ' (or subscribe to this address in your calendar app: ',
              el('span', { class: 'share__feed' }, share.feed),
              ')',
            )
          document.getElementById('share-calendar').hidden = false
        }
        document.getElementById('share').hidden = false
        shareShown = true
      })
      .catch(function () {
        /* the link is still in the address bar; the next refresh tries again */
      })
  }

  var key = readKey()

  function refresh() {
    if (!key) return
    var headers = { Authorization: 'Bearer ' + key }
    if (etag) headers['If-None-Match'] = etag
    fetch(api.data, { headers: headers, cache: 'no-store' })
      .then(function (res) {
        var now = localTime.format(new Date())
        if (res.status === 304) return
        if (res.status === 401 || res.status === 403) {
          key = null
          try {
            localStorage.removeItem(keyStore)
          } catch (e) {
            /* nothing kept */
          }
          showProblem(
            'This link does not open this summary any more. Ask the person who ran the session for a new link.',
          )
          return
        }
        if (res.status === 404) {
          showProblem('There is no session at this address. Check that the whole link was copied.')
          return
        }
        if (!res.ok) {
          say('The summary could not be checked for changes at ' + now + '. It will try again soon.')
          return
        }
        etag = res.headers.get('ETag')
        loadShare()
        return res.json().then(function (summary) {
          var changed = lastDrawn !== null
          lastDrawn = summary
          draw(summary)
          if (changed) say('The summary was updated at ' + now + '.')
        })
      })
      .catch(function () {
        say('No connection just now. The summary will check again in 20 seconds.')
      })
  }

  function setEasyRead(on) {
    document.documentElement.classList.toggle('easy-read', on)
    document.getElementById('easy-read').setAttribute('aria-pressed', on ? 'true' : 'false')
    // Some parts are said in other words in easy read: draw them again.
    if (lastDrawn !== null) draw(lastDrawn)
    try {
      localStorage.setItem(EASY_READ_KEY, on ? '1' : '0')
    } catch (e) {
      /* not remembered */
    }
  }

  function start() {
    var easy = false
    try {
      easy = localStorage.getItem(EASY_READ_KEY) === '1'
    } catch (e) {
      easy = false
    }
    setEasyRead(easy)
    document.getElementById('easy-read').addEventListener('click', function () {
      setEasyRead(!document.documentElement.classList.contains('easy-read'))
    })
    document.getElementById('print').addEventListener('click', function () {
      window.print()
    })
    if (!key) {
      showProblem('This page needs the summary link you were sent. Open that link again (it ends with a long code).')
    }
    refresh()
    setInterval(refresh, REFRESH_MS)
    // Another summary link pasted into this same tab changes only the fragment: take its key and load again.
    window.addEventListener('hashchange', function () {
      var next = readKey()
      if (!next || next === key) return
      key = next
      shareShown = false
      etag = null
      lastDrawn = null
      refresh()
    })
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') refresh()
    })
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
})()
