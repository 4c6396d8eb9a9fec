/**
 * Every word Roundtable itself shows to people, in one place, so they can be reviewed for plain English and
 * translated later. Keep sentences short. Do not use jargon ("sync", "WebSocket", "session ID").
 * tldraw's own menus keep tldraw's words, except for the few overrides in `tldrawWords` below.
 */
const standardStrings = {
  appName: 'Roundtable',

  home: {
    title: 'Roundtable',
    intro: 'A shared board where everyone can add ideas, move them around and agree what to do next, together.',
    start: 'Start a new session',
    starting: 'Starting…',
    startFailed: 'We could not start a session. Check your internet connection and try again.',
  },

  notFound: {
    title: 'Page not found',
    body: 'There is nothing at this address. Check the link.',
    goHome: 'Go to the start page',
  },

  board: {
    connecting: 'Connecting to the session…',
    stillConnecting: 'This is taking longer than usual. We will keep trying.',
    notFoundTitle: 'Session not found',
    notFound: 'This session does not exist. Check the link.',
    noAccessTitle: 'You need an invitation link',
    noAccess: 'To join this session, open the link you were sent. Ask the person running the session for it.',
    startNew: 'Start a new session',
    loadFailed: 'Something went wrong while opening this session. Please reload the page.',
    reload: 'Reload',
    updatedTitle: 'This board was updated',
    updated: 'This board was updated. Please reload the page.',
    pageTitle: (boardTitle: string) => (boardTitle ? `${boardTitle} – Roundtable` : 'Roundtable'),
  },

  connection: {
    label: 'Connection',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting… your changes are kept and will be sent',
    offline: 'Offline. Your changes are kept and will be sent later',
    stopped: 'Not connected',
  },

  name: {
    askTitle: 'What should we call you?',
    askHelp: 'Other people on the board will see this name next to your pointer.',
    changeTitle: 'Change your name',
    fieldLabel: 'Your name',
    join: 'Join',
    skip: 'Skip',
    save: 'Save',
    cancel: 'Cancel',
    skipHint: (suggested: string) => `If you skip, we will call you “${suggested}”.`,
    yours: 'Your name:',
    change: 'Change',
    changeLabel: (name: string) => `Change the name others see (now ${name})`,
  },

  /** Things that stop a change from being kept. */
  refused: {
    locked: 'Your last change was not saved because the board is locked.',
    anonymous: 'Your last change was not saved because this session is anonymous: ideas cannot carry names.',
    other: 'Your last change was not saved. We have loaded the board again.',
    dismiss: 'OK',
    stuckTitle: 'Your changes could not be saved',
    stuck:
      'This happened twice in a row. Please reload the page. If it keeps happening, tell the person running the session.',
  },

  /** The strip at the top of the board. */
  top: {
    timerLabel: 'Shared timer',
    timerLeft: (clock: string) => `${clock} left`,
    timerPaused: (clock: string) => `Paused at ${clock}`,
    timeUp: 'Time is up',
    locked: 'This board is locked',
    lockedHelp: 'Nobody can change it until a facilitator unlocks it.',
    voteOpen: 'Voting is open',
    voteDotsLeft: (left: number) => `You have ${left} ${left === 1 ? 'dot' : 'dots'} left`,
    openVote: 'Vote',
    following: (name: string) => `You are following ${name || 'the facilitator'}`,
    stopFollowing: 'Stop following',
    stopFollowingLabel: (name: string) => `Stop following ${name || 'the facilitator'}`,
  },

  lazy: {
    loading: 'Loading…',
    failed: 'This part could not be loaded. Check your connection.',
    retry: 'Try again',
  },

  panel: {
    label: 'Session panel',
    tabsLabel: 'Session panel sections',
    hide: 'Hide panel',
    show: 'Show panel',
    hideLabel: 'Hide the session panel',
    showLabel: (tab: string) => `Show the session panel: ${tab}`,
    tabs: { vote: 'Vote', actions: 'Actions', people: 'People', facilitate: 'Facilitate', invite: 'Invite' },
    viewOnly: 'You can watch this session. You cannot change anything.',
    waiting: 'Connecting… you can use this once the session has loaded.',
  },

  vote: {
    title: 'Vote with dots',
    noRound: 'No vote is running.',
    nothingYet: 'There are no ideas to vote on yet.',
    noRoundHelp:
      'When a facilitator starts a vote, everyone gets the same number of dots. Put them on the ideas you like best.',
    startTitle: 'Start a vote',
    onBoard: (board: string) => `Vote on the ideas on “${board}”`,
    dotsPerPerson: 'Dots for each person',
    maxPerIdea: 'Most dots one person can put on one idea',
    noLimit: 'No limit',
    hidden: 'Keep the results hidden until a facilitator shows them',
    hiddenHelp: 'This stops people following the crowd.',
    timeLimit: 'Time limit',
    noTimeLimit: 'No time limit',
    minutes: (n: number) => `${n} ${n === 1 ? 'minute' : 'minutes'}`,
    start: 'Start the vote',
    starting: 'Starting…',
    openOn: (board: string) => `Voting is open on “${board}”`,
    elsewhere: (board: string) => `This vote is about the ideas on “${board}”.`,
    goToBoard: (board: string) => `Go to “${board}”`,
    timeLeft: (clock: string) => `${clock} left to vote`,
    dotsLeft: (left: number, total: number) => `You have ${left} of ${total} ${total === 1 ? 'dot' : 'dots'} left`,
    howTo: 'Use “+ dot” on an idea to give it a dot. Use “− dot” to take it back.',
    cap: (n: number) => `You can put up to ${n} ${n === 1 ? 'dot' : 'dots'} on one idea.`,
    notVoting: 'I won’t vote this round',
    notVotingHelp: 'You can change your mind while the vote is open.',
    notVotingYes: 'You said you won’t vote this round.',
    voteAfterAll: 'I want to vote after all',
    counts: (voted: number, abstained: number) =>
      `${voted} ${voted === 1 ? 'person' : 'people'} voted · ${abstained} won’t vote`,
    hiddenWhileOpen: 'The results are hidden until a facilitator shows them. You only see your own dots.',
    close: 'End the vote',
    closed: 'The vote has ended.',
    waitingReveal: 'A facilitator will show the results.',
    reveal: 'Show the results to everyone',
    newRound: 'Start another vote',
    resultsTitle: 'Results',
    liveResultsTitle: 'Results so far',
    noDots: 'Nobody has put a dot on an idea yet.',
    withoutDots: (n: number) => `${n} ${n === 1 ? 'idea' : 'ideas'} got no dots.`,
    dots: (n: number) => `${n} ${n === 1 ? 'dot' : 'dots'}`,
    /** Read out instead of "=2": "Joint 2nd". */
    rankSpoken: (ordinal: string, tied: boolean) => (tied ? `Joint ${ordinal}` : ordinal),
    removedIdea: 'An idea that was removed',
    emptyIdea: 'An idea with no words',
    ideasTitle: 'Vote from a list instead',
    noIdeas: 'There are no ideas on this board yet.',
    yourDots: (n: number) => `Your dots: ${n}`,
    addDot: '+ dot',
    removeDot: '− dot',
    addDotLabel: (idea: string) => `Add a dot to “${idea}”`,
    removeDotLabel: (idea: string) => `Take a dot back from “${idea}”`,
    dotsOnIdea: (n: number) => `${n} of your ${n === 1 ? 'dot' : 'dots'} on this idea`,
    zoomIn: 'Zoom in to put dots on ideas, or use the Vote panel.',
    previousTitle: 'Earlier votes',
    roundName: (n: number) => `Vote ${n}`,
    roundSummary: (board: string, voters: number) =>
      `on “${board}” · ${voters} ${voters === 1 ? 'person' : 'people'} voted`,
    notShown: 'The results of this vote were not shown.',
    errors: {
      budget: (n: number) =>
        `You have used all ${n} of your dots. Take one back from another idea if you want to move it.`,
      cap: (n: number) => `You can put up to ${n} ${n === 1 ? 'dot' : 'dots'} on one idea.`,
      none: 'You have no dot on that idea.',
      closed: 'This vote has ended.',
      alreadyOpen: 'A vote is already running. End it before starting another.',
      failed: 'That did not work. Please try again.',
      offline: 'Your dot could not be sent. Check your connection and try again.',
    },
  },

  actions: {
    title: 'Actions',
    intro: 'What we will do, who will do it and by when.',
    none: 'There are no actions yet.',
    addTitle: 'Add an action',
    whatNew: 'What will be done?',
    add: 'Add action',
    fromIdea: (idea: string) => `Make “${idea}” an action`,
    fromIdeaHelp: 'Turn the idea you have selected into an action.',
    alreadyAction: 'This idea is already an action. You can make another one from it.',
    fromIdeaAgain: (idea: string) => `Make another action from “${idea}”`,
    makeAction: 'Make this an action',
    what: 'What will be done',
    who: 'Who will do it',
    due: 'By when',
    note: 'Notes',
    addNote: 'Add a note',
    noWords: 'No words yet',
    nobody: 'Nobody yet',
    noDate: 'No date yet',
    linkedIdea: (idea: string) => `From the idea “${idea}”`,
    linkedDots: (n: number) => `${n} ${n === 1 ? 'dot' : 'dots'} in the vote`,
    cardLabel: (what: string) => `Action: ${what}`,
    status: 'Status',
    statuses: {
      proposed: 'Suggested',
      agreed: 'Agreed',
      'in-progress': 'In progress',
      done: 'Done',
      dropped: 'Dropped',
    },
    agree: 'I agree',
    concern: 'I have a concern',
    concernNote: 'What is your concern? (you can leave this empty)',
    sendConcern: 'Send my concern',
    cancel: 'Cancel',
    youAgree: 'You agree. Press “I agree” again to take it back.',
    youConcern: 'You have a concern. Press “I have a concern” again to take it back.',
    nobodyAgreed: 'Nobody has said they agree yet.',
    agreedBy: (names: string) => `Agreed by ${names}`,
    agreeCount: (n: number) => `${n} ${n === 1 ? 'person agrees' : 'people agree'}`,
    others: (n: number) => `${n} ${n === 1 ? 'other' : 'others'}`,
    concernCount: (n: number) => `${n} ${n === 1 ? 'concern' : 'concerns'}`,
    concernNoNote: 'No note',
    remove: 'Remove',
    removeConfirm: 'Remove this action for everyone?',
    removeYes: 'Yes, remove it',
    removeNo: 'No, keep it',
    failed: 'That did not work. Please try again.',
    and: 'and',
    agreedLocked: 'People have agreed to this, so only a facilitator can change what, who or when.',
    changeAgreed: 'Change what was agreed',
    changeAgreedTitle: 'Change what people agreed to',
    changeAgreedHelp:
      'The people who agreed will see that it changed. A copy of the board as it was is kept in History.',
    saveChange: 'Save the change',
    removeAgreedConfirm:
      'People agreed to this. Remove it for everyone? A copy of the board as it was is kept in History.',
    changedSinceAgreed: 'Changed since you agreed. Press “I agree” if you agree with it as it is now.',
    changedBadge: 'Changed since people agreed',
  },

  facilitate: {
    intro: 'All facilitators have the same controls.',
    timerTitle: 'Timer',
    timerMinutes: 'Minutes',
    timerStart: 'Start the timer',
    timerRestart: 'Start again',
    timerPause: 'Pause',
    timerResume: 'Continue',
    timerReset: 'Clear the timer',
    timerIdle: 'The timer is not running.',
    timerHelp: 'Everyone sees the timer at the top of the board.',
    lockTitle: 'Lock this board',
    lockHelp: 'When a board is locked, nobody can change it, not even facilitators. Voting and actions still work.',
    lock: (board: string) => `Lock “${board}”`,
    unlock: (board: string) => `Unlock “${board}”`,
    isLocked: (board: string) => `“${board}” is locked.`,
    anonymousTitle: 'Anonymous session',
    anonymousLabel: 'Do not keep names with ideas, dots or agreements',
    anonymousHelp:
      'Use this when some people may not feel safe to speak openly. Pointers on the board will not show names either.',
    anonymousLocked: 'This can only be changed before anyone adds an idea.',
    anonymousOn: 'This session is anonymous.',
    summonTitle: 'Bring everyone to me',
    summonHelp: 'Everyone’s screen follows yours until you stop. Anyone can choose to stop following.',
    summon: 'Bring everyone to me',
    summonStop: 'Stop bringing everyone',
    summonActiveYou: 'Everyone is following you.',
    summonActiveOther: (name: string) => `Everyone is following ${name || 'another facilitator'}.`,
    failed: 'That did not work. Please try again.',
  },

  history: {
    title: 'Earlier versions',
    help: 'Roundtable keeps copies of the board as you work, and before anything big is deleted. You can go back to one.',
    none: 'No earlier versions yet.',
    load: 'Show earlier versions',
    refresh: 'Check again',
    item: (when: string, ideas: number, actions: number) =>
      `${when} · ${ideas} ${ideas === 1 ? 'idea' : 'ideas'} · ${actions} ${actions === 1 ? 'action' : 'actions'}`,
    reasonAutomatic: 'Saved while you worked',
    versionName: (n: number, reason: string) => `Version ${n}: ${reason}`,
    preview: 'Look at it',
    previewLabel: (n: number) => `Look at version ${n}`,
    previewTitle: 'This version has these ideas:',
    previewEmpty: 'This version has no ideas.',
    restore: 'Go back to this version',
    restoreLabel: (n: number, when: string) => `Go back to the version from ${when} (version ${n})`,
    restored: 'Done. The board is back as it was. You can undo this: it is at the top of the list.',
    deleteTitle: 'Delete this session',
    deleteHelp: 'This deletes the board, the votes, the actions and the summary for everyone. It cannot be undone.',
    delete: 'Delete this session',
    deleteConfirm: 'Yes, delete it for everyone',
    deleteCancel: 'No, keep it',
    deleted: 'This session was deleted.',
    retention: (date: string) => `This session will be deleted on ${date} if nobody changes it.`,
  },

  invite: {
    title: 'Invite people',
    intro: 'Send one of these links. Each link lets people do different things.',
    participantTitle: 'People taking part',
    participantHelp: 'They can add ideas, move them, vote and agree actions.',
    facilitatorTitle: 'Invite a co-facilitator',
    facilitatorHelp:
      'They can do everything you can: run votes, the timer, locks and settings. All facilitators have the same say.',
    viewTitle: 'People watching',
    viewHelp: 'They can see the board, the votes and the actions, but cannot change anything.',
    linkLabel: (title: string) => `Link: ${title}`,
    copy: 'Copy link',
    copyLabel: (title: string) => `Copy link: ${title}`,
    copied: 'Copied',
    copyFailed: 'Could not copy. Select the link and copy it yourself.',
    trust: 'Anyone with a link can join. Only share it with the people you mean.',
    loading: 'Getting the links…',
    failed: 'We could not get the links. Please try again.',
    retry: 'Try again',
  },

  /** Download the session's actions, summary or a picture of the board. */
  exports: {
    title: 'Download',
    intro: 'Keep a copy of what this session did, or share it with people who were not here.',
    csv: 'Actions for a spreadsheet (CSV)',
    ics: 'Actions for a calendar (.ics)',
    md: 'Summary as text (Markdown)',
    json: 'Summary as data (JSON)',
    png: 'Picture of this board (PNG)',
    svg: 'Picture of this board (SVG)',
    pictureHelp: 'The picture shows everything on the board you are looking at.',
    /** One plain sentence for each file: what it is for. */
    help: {
      csv: 'For a spreadsheet such as Excel: one row for each action.',
      ics: 'For your calendar: each action with a date becomes a calendar entry.',
      md: 'For an email, a document or a wiki: the summary as plain text to paste in.',
      json: 'For other computer programs: everything in the summary, as data.',
      png: 'For slides, documents or emails: a picture of the board.',
      svg: 'For printing large or for design tools: a picture that stays sharp at any size.',
    },
    summaryLink: 'Printable summary',
    summaryHelp: 'Opens a page with what you agreed, to print or send to everyone.',
    working: 'Getting the file…',
    done: (name: string) => `Downloaded ${name}.`,
    empty: 'There is nothing on this board to make a picture of.',
    failed: 'We could not make that file. Please try again.',
  },

  /** The first moments on an empty board. */
  start: {
    title: 'This board is empty',
    participantHelp: 'Write the first idea. Everyone here sees it at once.',
    facilitatorHelp: 'Invite people first. Then anyone can add the first idea.',
    addIdea: 'Add an idea',
    invite: 'Invite people',
    noteTool: 'Idea',
    noteToolLabel: 'Idea (sticky note): click the board to add one',
  },

  /** tldraw's tools and menus: a short set for everyone, the full set for facilitators who ask for it. */
  canvasTools: {
    more: 'Show all drawing tools and menus',
    fewer: 'Show fewer tools',
    help: 'People taking part see a short set of tools. You can turn on every drawing tool and menu for yourself.',
  },

  /** Board or list, and easy read: choices remembered on this device. */
  views: {
    groupLabel: 'Show the ideas as',
    board: 'Board',
    list: 'List',
    skipToList: 'Show the ideas as a list (easier with a keyboard or screen reader)',
    easyRead: 'Easy read',
    easyReadHelp: 'Bigger text, simpler words and pictures on buttons.',
    settingsLabel: 'Settings for this device',
  },

  /** The list view: the same board as a list, for screen readers and keyboards. */
  list: {
    title: (session: string) => session || 'Ideas',
    intro: 'This list shows the same ideas as the board. It changes when other people add or change ideas.',
    jumpLabel: 'Go to',
    jumpToAdd: 'Add an idea',
    board: (name: string) => name || 'Board',
    noGroup: 'Not in a group',
    untitledGroup: (n: number) => `Group ${n}`,
    groupOnBoard: (board: string, group: string) => `${board}: ${group}`,
    groupEmpty: 'No ideas here yet.',
    empty: 'There are no ideas yet. You can add the first one.',
    ideaCount: (n: number) => `${n} ${n === 1 ? 'idea' : 'ideas'}`,
    addTitle: 'Add an idea',
    ideaLabel: 'Your idea',
    ideaHelp: 'Write one idea. Short is good.',
    where: 'Put it in',
    add: 'Add idea',
    added: 'Your idea was added.',
    writeFirst: 'Write your idea in the box first.',
    by: (name: string) => `By ${name}`,
    colourNote: (colour: string) => `${colour} note`,
    /** Named by how tldraw draws each note colour (its default, "black", is a yellow note). */
    colours: {
      black: 'Yellow',
      yellow: 'Light orange',
      orange: 'Orange',
      'light-red': 'Pink',
      red: 'Red',
      'light-violet': 'Light purple',
      violet: 'Purple',
      'light-blue': 'Light blue',
      blue: 'Blue',
      'light-green': 'Light green',
      green: 'Green',
      grey: 'Grey',
      white: 'White',
    } as Record<string, string>,
    totalDots: (n: number) => `${n} ${n === 1 ? 'dot' : 'dots'} in the vote`,
    change: 'Change',
    changeTitle: 'Change this idea',
    textLabel: 'Words of the idea',
    done: 'Done',
    moveLabel: 'Move to',
    move: 'Move',
    moved: (group: string) => `The idea is now in “${group}”.`,
    remove: 'Delete',
    removeConfirm: 'Delete this idea for everyone?',
    removeYes: 'Yes, delete it',
    removeNo: 'No, keep it',
    removed: 'The idea was deleted.',
    isAction: 'This idea is an action.',
    actionMade: 'The new action is open in the Actions part of the panel.',
    locked: 'This board is locked. Nobody can change its ideas now.',
    emptyIdea: 'An idea with no words',
  },

  /** The polite announcements of other people's changes in the list view. */
  announce: {
    title: 'Changes by other people',
    pause: 'Pause announcements',
    paused: 'Announcements are paused.',
    none: 'Nothing yet.',
    last: (text: string) => `Last change: ${text}`,
    newIdea: (text: string) => `New idea: ${text}`,
    newIdeaBy: (name: string, text: string) => `${name} added an idea: ${text}`,
    summary: (added: number, changed: number, removed: number) =>
      [
        added > 0 ? `${added} new ${added === 1 ? 'idea' : 'ideas'}` : '',
        changed > 0 ? `${changed} changed` : '',
        removed > 0 ? `${removed} deleted` : '',
      ]
        .filter(Boolean)
        .join(', '),
  },

  /** Reading ideas and actions aloud with the browser's own voice. */
  readAloud: {
    title: 'Read aloud',
    all: 'Read all ideas',
    actions: 'Read the actions',
    idea: 'Read aloud',
    pause: 'Pause',
    resume: 'Play',
    stop: 'Stop',
    speed: 'Speed',
    speedName: (rate: number) => `${rate < 1 ? 'Slower' : rate > 1 ? 'Faster' : 'Normal'} (${rate}×)`,
    allName: 'all the ideas',
    actionsName: 'the actions',
    reading: (what: string) => `Reading ${what}…`,
    pausedAt: (what: string) => `Paused while reading ${what}.`,
    unavailable: 'Reading aloud does not work in this browser, because it has no voices.',
    noIdeas: 'There are no ideas to read.',
    noActions: 'There are no actions to read.',
    spokenIdea: (text: string, author: string | null) => (author ? `${text}. By ${author}.` : `${text}.`),
    spokenGroup: (name: string, count: number) => `${name}. ${count} ${count === 1 ? 'idea' : 'ideas'}.`,
    spokenAction: (what: string, who: string, due: string) =>
      [`Action: ${what}.`, who ? `Who: ${who}.` : '', due ? `By: ${due}.` : ''].filter(Boolean).join(' '),
  },

  /** Plain words: gentle suggestions when someone writes a word others may not know. */
  plainWords: {
    title: 'Plain words',
    intro: 'Some words may be hard for others to understand. You can change them or keep them.',
    summary: (n: number) => `${n} ${n === 1 ? 'word' : 'words'} could be plainer.`,
    use: (plain: string) => `Use “${plain}”`,
    keep: (word: string) => `Keep “${word}”`,
    replaced: (from: string, to: string) => `Changed “${from}” to “${to}”.`,
    noteHint: 'This idea has a word others may not know.',
    settingsTitle: 'Plain words for this session',
    settingsHelp: 'Add words people here may not know. When someone writes one, Roundtable suggests plainer words.',
    term: 'Word or phrase',
    plain: 'Plainer words (put a comma between each)',
    plainHelp: 'Leave this empty if the word is fine to use in this session.',
    add: 'Add word',
    remove: (term: string) => `Remove “${term}”`,
    removeShort: 'Remove',
    none: 'No words added for this session yet.',
    fine: 'Fine to use here',
  },

  /** Equal voice: who is here, who has added ideas and voted, and taking turns. */
  voice: {
    title: 'Everyone’s voice',
    intro: 'Who is here, who has added ideas and who has voted. Everyone can see this.',
    here: (n: number) => `${n} ${n === 1 ? 'person' : 'people'} here`,
    added: (n: number) => `${n} ${n === 1 ? 'has' : 'have'} added ideas`,
    voted: (n: number) => `${n} ${n === 1 ? 'has' : 'have'} voted`,
    listLabel: 'People here',
    you: (name: string) => `${name} (you)`,
    someone: 'Someone',
    ideas: (n: number) => `${n} ${n === 1 ? 'idea' : 'ideas'}`,
    hasVoted: 'has voted',
    notVoted: 'has not voted yet',
    wontVote: 'won’t vote this round',
    anonymous: 'This session is anonymous, so only numbers are shown.',
    alone: 'Nobody else is here yet.',
    watching: (n: number) => `${n} ${n === 1 ? 'person is' : 'people are'} watching.`,
  },

  /**
   * Evidence of co-production: people may say how they come to the session, and the summary shows totals by group.
   * Group names are typed by facilitators and shown as they typed them.
   */
  evidence: {
    askTitle: 'How do you come to this session?',
    changeTitle: 'How you come to this session',
    help: (threshold: number) =>
      `This helps show whose voices shaped the session. Only totals for groups of at least ${threshold} people are shown. Nobody sees your answer.`,
    optional: 'You do not have to answer.',
    choose: 'Choose the answer that fits you best',
    ratherNotSay: 'I’d rather not say',
    save: 'Save',
    skip: 'Skip',
    cancel: 'Cancel',
    takeBack: 'Take my answer back',
    takeBackHelp: 'Your answer will be removed. You will not be asked again on this device.',
    chooseFirst: 'Choose one answer, or press “Skip”.',
    listChanged: 'The answers have just been changed. Please choose again.',
    notAsking: 'This question has just been switched off. You do not need to answer.',
    failed: 'Your answer could not be saved. Please try again.',
    offline: 'Your answer could not be sent. Check your connection and try again.',
    yours: 'How you come to this session:',
    notSaid: 'Not said yet',
    change: 'Change',
    changeLabel: (answer: string) => `Change how you come to this session (now: ${answer})`,
    tell: 'Answer',
    tellLabel: 'Say how you come to this session',
    saved: 'Thank you. Your answer is saved.',

    settingsTitle: 'Whose voices (evidence of co-production)',
    settingsIntro:
      'People can say how they come to this session. The summary then shows how many ideas, dots and agreed actions came from each group. Never from one person.',
    askLabel: 'Ask people how they come to this session',
    askHelp: 'People are asked when they join. They can always skip it.',
    groupsLabel: 'The answers people can choose from (one on each line)',
    groupsHelp: (max: number) => `Up to ${max} answers. “I’d rather not say” is always offered as well.`,
    thresholdBefore: 'Hide groups smaller than',
    thresholdAfter: 'people',
    /** The number box's name for screen readers: the words around it, read as one. */
    thresholdLabel: 'Hide groups smaller than this number of people',
    thresholdHelp: 'Smaller groups are counted under “Everyone else”, so nobody can be picked out.',
    saveSettings: 'Save',
    saving: 'Saving…',
    unsaved: 'You have changes that are not saved yet.',
    savedOn: 'Saved. People are asked how they come to this session.',
    savedOff: 'Saved. People are not asked.',
    anonymousOff: 'This session is anonymous, so people are not asked how they come to it and no figures are kept.',
    errors: {
      noGroups: 'Write at least one answer people can choose.',
      tooManyGroups: (max: number) => `There can be up to ${max} answers. Please remove some.`,
      groupTooLong: (max: number) => `Each answer can be up to ${max} letters long. Please make the long ones shorter.`,
      threshold: (min: number, max: number) => `Choose a number from ${min} to ${max}.`,
      anonymous: 'This session is anonymous, so people cannot be asked.',
      failed: 'That did not work. Please try again.',
    },

    phoneTitle: 'How do you come to this session?',
  },

  /** Taking turns to add ideas (round mode). */
  turns: {
    title: 'Taking turns',
    help: 'Each person is asked in turn to add one idea. The turn passes when they add an idea or press “Pass”.',
    start: 'Start taking turns',
    stop: 'Stop taking turns',
    timeLabel: 'Time for each turn',
    noTime: 'No time limit',
    seconds: (n: number) => (n < 60 ? `${n} seconds` : `${n / 60} ${n === 60 ? 'minute' : 'minutes'}`),
    yourTurn: 'It’s your turn to add an idea',
    theirTurn: (name: string) => `It’s ${name}’s turn to add an idea`,
    someoneTurn: (position: number, total: number) => `Person ${position} of ${total} is adding an idea`,
    passing: 'The turn is passing to the next person…',
    pass: 'Pass',
    passLabel: 'Pass: let the next person have a turn',
    next: 'Next person',
    timeLeft: (clock: string) => `${clock} left for this turn`,
    order: 'Order of turns',
    nowLabel: 'now',
    stopped: 'Taking turns has stopped.',
    failed: 'That did not work. Please try again.',
  },

  /** In the room: the shared screen (projector view), phones that join by QR code, and templates. */
  room: {
    projectorTitle: 'The shared screen',
    projectorHelp:
      'Show the board on a projector or a big TV, with a code people scan to join with their phones. Nobody can change the board from that screen.',
    openProjector: 'Open the projector view',
    projectorBlocked: 'Your browser stopped the new window. Allow pop-ups for this page, or use the link below.',

    presenterTitle: (title: string) => (title ? `${title} – shared screen` : 'Shared screen – Roundtable'),
    joinTitle: 'Join with your phone',
    joinHelp: 'Point your phone’s camera at the code.',
    joinQrLabel: 'QR code to join this session with a phone',
    joinAddress: 'Same Wi-Fi as this screen:',
    noJoinCode: 'Open this screen from the Invite panel to show a join code.',
    people: (n: number) => (n === 1 ? 'person here' : 'people here'),
    ideas: (n: number) => (n === 1 ? 'idea' : 'ideas'),
    dots: (n: number) => (n === 1 ? 'dot placed' : 'dots placed'),
    voters: (n: number) => `${n} ${n === 1 ? 'person has' : 'people have'} voted`,
    voteOpen: 'Voting is open',
    voteLeft: (clock: string) => `${clock} left`,
    voteHelp: 'Use your phone to put your dots on the ideas you like best.',
    newestTitle: 'Newest ideas',
    newIdea: 'New idea',
    followLeader: 'Follow the facilitator',
    wholeBoard: 'Whole board',
    emptyBoard: 'Ideas will appear here as people add them.',
    following: (name: string) => (name ? `Following ${name}` : 'Following the facilitator'),
    waitingForLeader: 'Waiting for a facilitator to open the board. Showing the whole board.',
    showJoin: 'Show join code',
    hideJoin: 'Hide join code',
    controlsLabel: 'Shared screen controls',
    keysHelp: 'Keys: F follows the facilitator, W shows the whole board, Q shows or hides the join code',

    phoneTitle: (title: string) => (title ? `${title} – Roundtable` : 'Roundtable'),
    opening: 'Joining the session…',
    noAccessTitle: 'Scan the code again',
    noAccess:
      'This page needs the join code. Scan the code on the big screen again, or ask the person running the session for the link.',
    notFoundTitle: 'Session not found',
    notFound: 'This session does not exist. Check the code or the link.',
    connected: 'Connected',
    connecting: 'Connecting…',
    offline: 'Offline. What you type is kept on this phone.',
    you: (name: string) => `You: ${name}`,
    changeName: 'Change name',
    nameTitle: 'What should we call you?',
    nameHelp: 'People see your name when you agree an action. You can skip this.',
    nameLabel: 'Your name',
    nameSave: 'Save',
    nameSkip: 'Skip',
    sectionsLabel: 'Sections',
    tabs: { idea: 'Add idea', vote: 'Vote', actions: 'Actions' },
    ideaLabel: 'Your idea',
    ideaHelp: 'One idea at a time. It goes on the shared board for everyone to see.',
    send: 'Add my idea',
    sending: 'Sending…',
    sent: 'Sent. It is on the board, under “Incoming ideas”.',
    saved: 'Saved on your phone — will be sent when you are back online',
    lockedWait: 'The board is locked for now. Your idea is saved on your phone and will be sent when it is unlocked.',
    waiting: (n: number) => `${n} ${n === 1 ? 'idea is' : 'ideas are'} waiting to be sent`,
    sendNow: 'Try sending now',
    refused: 'That idea could not be added. Ask the person running the session.',
    tooLong: (max: number) => `That is longer than ${max} letters. Please make it shorter.`,
    viewOnly: 'You can watch this session. To add ideas and vote, scan the join code on the big screen.',
    recentTitle: 'Ideas so far',
    noIdeas: 'No ideas yet. Yours could be the first.',
    more: (n: number) => `and ${n} more on the board`,
    yours: 'from this phone',
    voteBanner: 'Voting is open',
    goVote: 'Go to the vote',
    voteOn: (board: string) => (board ? `Vote on the ideas on “${board}”` : 'Vote on the ideas'),
    dotsOnIdea: (n: number) => `Your dots: ${n}`,
    dotsSoFar: (n: number) => `${n} ${n === 1 ? 'dot' : 'dots'} so far`,

    templatesButton: 'Templates',
    templatesLabel: 'Add a board from a template',
    templatesTitle: 'Add a board from a template',
    templatesIntro:
      'A template is added as a new board next to yours. Nothing on your boards changes. You can change or delete anything on it.',
    templateAdd: (name: string) => `Add “${name}”`,
    templateAdded: (name: string) => `“${name}” was added as a new board.`,
    templatesFull: 'No more boards can be added to this session.',
    templatesClose: 'Close',
    templatesFailed: 'That did not work. Please try again.',
  },

  /** The results, the timer and the summary link as the room sees them: the shared screen and phones. */
  inRoom: {
    resultsTitle: (board: string) => (board ? `Results: ${board}` : 'Results of the vote'),
    lastVote: 'Results of the last vote',
    place: (place: string, tied: boolean) => (tied ? `Joint ${place}` : place),
    dots: (n: number) => `${n} ${n === 1 ? 'dot' : 'dots'}`,
    yourDots: (n: number) => (n === 0 ? 'You put no dots here' : `Your dots here: ${n}`),
    noDots: 'No idea got a dot in this vote.',
    voted: (voters: number) => `${voters} ${voters === 1 ? 'person' : 'people'} voted`,
    moreResults: (n: number) => `and ${n} more ${n === 1 ? 'idea' : 'ideas'} with dots`,
    removedIdea: 'An idea that was later removed',
    showResults: 'Show the results',
    hideResults: 'Hide the results',
    timerTitle: 'Shared timer',
    paused: (clock: string) => `Paused: ${clock} left`,
    readResults: 'Read the results aloud',
    resultsSpoken: 'the results',
    easyRead: 'Easy read',
    summaryTitle: 'Take the summary home',
    summaryHelp: 'Scan the code to see what we agreed. It keeps up to date.',
    summaryQrLabel: 'QR code for the session summary',
  },

  /** The summary link in the Invite tab, the session's name. */
  share: {
    title: 'The summary to pass on',
    help: 'Everyone who took part can open what was decided with this link, on any device. It shows the summary and nothing else.',
    qrLabel: 'QR code for the summary link',
    onScreen: 'Show the summary link on the shared screen',
    onScreenHelp: 'For the end of a session: people scan it to take the summary home.',
    nameTitle: 'Name of this session',
    nameHelp: 'Shown on every screen, on the summary and in the names of files you download.',
    nameSave: 'Save the name',
    nameSaved: 'Saved. Everyone sees the new name.',
    nameFailed: 'The name was not saved. Please try again.',
    screenFailed: 'That did not work. Please try again.',
  },

  /** A series of sessions: the next session, actions still open from last time, the series page and calendar. */
  series: {
    place: (number: number, name: string) => `Session ${number} of “${name}”`,
    stillOpenTitle: 'Still open from last time',
    stillOpenIntro: 'Actions from earlier sessions that are not finished. A change here changes them everywhere.',
    omitted: (n: number) =>
      `${n} more ${n === 1 ? 'action is' : 'actions are'} not shown here. The series page has every action.`,
    cardLabel: (what: string) => `Action from an earlier session: ${what}`,
    from: (number: number, title: string, date: string) => `From session ${number}, “${title}”, ${date}`,
    fromShort: (number: number) => `From session ${number}`,
    whatHappened: 'What happened',
    markDone: 'Mark as done',
    markDoneLabel: (what: string) => `Mark as done: ${what}`,
    doneNote: 'What happened? Say it in a few words.',
    doneSend: 'Mark it done',
    doneSaved: 'Marked as done. Everyone can see what happened.',
    nextTitle: 'Start the next session',
    nextHelp: 'For when the group meets again. Actions that are not finished come with you to the next session.',
    nextButton: 'Start the next session',
    nextDialogHelp: 'The new session opens for you. Send its links to people as usual.',
    nextName: 'Name of the next session',
    nextNameHelp: 'For example “February meeting”.',
    seriesName: 'Name for all the sessions together',
    seriesNameHelp: 'For example “Carers’ forum 2027”. You only choose this once.',
    inSeries: (name: string, count: number) =>
      `This session is part of “${name}” (${count} ${count === 1 ? 'session' : 'sessions'} so far).`,
    partOf: (name: string) => `The next session will be part of “${name}”.`,
    start: 'Start it and open it',
    starting: 'Starting…',
    cancel: 'Cancel',
    startFailed: 'The next session was not started. Please try again.',
    full: 'This series has as many sessions as it can hold.',
    tooMany: 'Too many new sessions were started from here just now. Try again in a few minutes.',
    pageTitle: 'The series page to pass on',
    pageHelp:
      'One page for every session of the series: what was agreed and what happened next. People can read it, nothing more.',
    pageQrLabel: 'QR code for the series page',
    feedTitle: 'Due dates in a calendar',
    feedHelp:
      'Add this link to a calendar app. Each action with a date shows in the calendar, and it keeps up to date by itself.',
    feedOpen: 'Open in my calendar app',
    downloadsTitle: 'Every action of the series',
    csv: 'All actions for a spreadsheet (CSV)',
    md: 'All sessions as text (Markdown)',
    loading: 'Getting the series links…',
    failed: 'We could not get the series links. Please try again.',
    spokenCarried: 'Still open from last time.',
  },

  /** Word lists for friendly generated names such as "Kind Otter". */
  friendlyNames: {
    adjectives: [
      'Kind',
      'Bright',
      'Calm',
      'Brave',
      'Gentle',
      'Happy',
      'Clever',
      'Quiet',
      'Sunny',
      'Warm',
      'Wise',
      'Cheerful',
      'Friendly',
      'Lively',
      'Patient',
      'Curious',
      'Helpful',
      'Thoughtful',
    ],
    animals: [
      'Otter',
      'Robin',
      'Badger',
      'Hedgehog',
      'Owl',
      'Fox',
      'Hare',
      'Heron',
      'Swan',
      'Deer',
      'Wren',
      'Puffin',
      'Seal',
      'Squirrel',
      'Dolphin',
      'Beaver',
      'Panda',
      'Koala',
    ],
  },
} as const

/** The shape of a set of words: the same keys and arguments as the standard set, any text. */
type Words<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => Words<R>
    : T extends readonly (infer U)[]
      ? readonly Words<U>[]
      : { readonly [K in keyof T]: Words<T[K]> }

/** Every word Roundtable shows, as a type: the standard set and the easy read set both have this shape. */
export type Strings = Words<typeof standardStrings>

/** Only the words that differ: any part may be left out and then the standard words are used. */
type WordChanges<T> = T extends string | ((...args: never[]) => unknown) | readonly unknown[]
  ? Words<T>
  : { readonly [K in keyof T]?: WordChanges<T[K]> }

/**
 * Easy read: the same things said in simpler, shorter words, one idea per sentence. Used when a person turns on
 * "Easy read" (see lib/easyRead.ts). Anything not listed here keeps its standard words, which are already plain.
 */
const easyReadChanges: WordChanges<typeof standardStrings> = {
  board: {
    connecting: 'Opening the session…',
    stillConnecting: 'This is slow. We are still trying.',
    noAccess: 'You need the link you were sent. Ask the person running the session for it.',
    updated: 'The board has changed. Please load the page again.',
  },
  connection: {
    reconnecting: 'Trying to connect again. Your changes are safe.',
    offline: 'No internet. Your changes are safe. They will be sent later.',
  },
  name: {
    askHelp: 'Other people will see this name.',
  },
  refused: {
    locked: 'Your last change was not saved. The board is locked.',
    anonymous: 'Your last change was not saved. In this session, ideas have no names.',
    other: 'Your last change was not saved. We loaded the board again.',
  },
  top: {
    lockedHelp: 'Nobody can change this board now.',
  },
  panel: {
    tabs: { facilitate: 'Run', people: 'People' },
    viewOnly: 'You can look. You cannot change things.',
  },
  vote: {
    title: 'Vote',
    noRoundHelp: 'When a vote starts, everyone gets the same number of dots. Put your dots on the ideas you like best.',
    hidden: 'Hide the results until they are shown to everyone',
    hiddenHelp: 'Then people choose for themselves.',
    addDot: 'Add dot',
    removeDot: 'Take dot back',
    howTo: 'Press “Add dot” to give an idea a dot. Press “Take dot back” to take it back.',
    notVotingHelp: 'You can change your mind.',
    hiddenWhileOpen: 'Nobody can see the results yet. You only see your own dots.',
    waitingReveal: 'The results will be shown soon.',
    zoomIn: 'Make the ideas bigger to add dots. Or use the Vote part of the panel.',
    errors: {
      budget: (n: number) => `You have used all ${n} dots. You can take a dot back first.`,
      failed: 'That did not work. Try again.',
      offline: 'Your dot was not sent. Check the internet and try again.',
    },
  },
  actions: {
    intro: 'What we will do. Who will do it. When.',
    fromIdeaHelp: 'Make the idea you picked into an action.',
    alreadyAction: 'This idea is already an action. You can make another one.',
    youAgree: 'You agree. Press “I agree” again to change your mind.',
    youConcern: 'You are worried about this. Press the button again to change your mind.',
    concern: 'I am worried',
    concernNote: 'What worries you? You do not have to write anything.',
    sendConcern: 'Send',
    failed: 'That did not work. Try again.',
  },
  facilitate: {
    intro: 'Everyone who runs the session has the same buttons.',
    timerHelp: 'Everyone sees the timer at the top.',
    lockHelp: 'When a board is locked, nobody can change it. Voting and actions still work.',
    anonymousLabel: 'Do not show names with ideas, dots or agreements',
    anonymousHelp: 'Use this if some people may not feel safe to speak. Names will not show on the board.',
    anonymousLocked: 'You can only change this before anyone adds an idea.',
    summonHelp: 'Everyone will see what you see. Anyone can stop this for themselves.',
    failed: 'That did not work. Try again.',
  },
  invite: {
    intro: 'Send one of these links. Each link lets people do different things.',
    facilitatorHelp: 'They can do everything you can do.',
    viewHelp: 'They can look at everything. They cannot change anything.',
    trust: 'Anyone with a link can join. Only send it to people you trust.',
  },
  exports: {
    intro: 'Keep a copy of this session. Or send it to people.',
    pictureHelp: 'A picture of this board.',
    summaryHelp: 'A page with what you agreed. You can print it.',
    failed: 'That did not work. Try again.',
  },
  series: {
    stillOpenIntro: 'Things we said we would do last time. They are not finished yet.',
    doneNote: 'What happened? Write a few words.',
    nextHelp: 'For when the group meets again. Things not finished come with you.',
    nextDialogHelp: 'The new session opens for you. Then send people its link.',
    seriesNameHelp: 'For example “Carers’ forum 2027”.',
    pageHelp: 'One page for all the sessions. What we agreed. What happened next. People can only read it.',
    feedHelp: 'Put this link in a calendar app. It shows the dates of the actions.',
    startFailed: 'That did not work. Try again.',
  },
  views: {
    skipToList: 'Show the ideas as a list',
    easyReadHelp: 'Big text. Simple words. Pictures on buttons.',
  },
  list: {
    intro: 'These are the same ideas as on the board.',
    ideaHelp: 'Write one idea.',
    changeTitle: 'Change this idea',
    actionMade: 'The action is in the Actions part.',
    locked: 'This board is locked. Nobody can change it now.',
  },
  readAloud: {
    unavailable: 'This browser cannot read aloud.',
  },
  plainWords: {
    intro: 'Some words are hard to understand. You can change them. Or you can keep them.',
    settingsHelp: 'Add hard words. Roundtable will suggest easier words.',
    plainHelp: 'Leave this empty if the word is OK here.',
  },
  voice: {
    intro: 'Who is here. Who has added ideas. Who has voted.',
    anonymous: 'Names are hidden in this session.',
  },
  evidence: {
    askTitle: 'Which of these is most like you?',
    changeTitle: 'Which of these is most like you?',
    help: (threshold: number) =>
      `We count ideas for each group of people. We only show a group if it has ${threshold} or more people. Nobody sees your answer.`,
    optional: 'You can skip this.',
    choose: 'Pick one',
    ratherNotSay: 'I do not want to say',
    takeBack: 'Remove my answer',
    takeBackHelp: 'We will remove your answer. We will not ask you again.',
    chooseFirst: 'Pick one answer. Or press “Skip”.',
    listChanged: 'The answers have changed. Please pick again.',
    notAsking: 'You do not need to answer now.',
    failed: 'Your answer was not saved. Try again.',
    offline: 'Your answer was not sent. Check the internet and try again.',
    yours: 'Your group:',
    notSaid: 'Not said',
    changeLabel: (answer: string) => `Change your group (now: ${answer})`,
    tellLabel: 'Say which group you are in',
    saved: 'Thank you. We saved your answer.',
    settingsTitle: 'Whose voices are heard',
    settingsIntro:
      'People can say which group they are in. The summary shows what each group of people added. It never shows one person.',
    askLabel: 'Ask people which group they are in',
    askHelp: 'We ask people when they join. They can skip it.',
    groupsLabel: 'Answers people can pick (one on each line)',
    groupsHelp: (max: number) => `Up to ${max} answers. People can always pick “I do not want to say”.`,
    thresholdBefore: 'Hide groups with fewer than',
    thresholdLabel: 'Hide groups with fewer than this number of people',
    thresholdHelp: 'Small groups go in “Everyone else”. Then nobody can be found out.',
    unsaved: 'You have not saved your changes.',
    savedOn: 'Saved. We ask people which group they are in.',
    savedOff: 'Saved. We do not ask people.',
    anonymousOff: 'Names are hidden in this session. So we do not ask people which group they are in.',
    errors: {
      noGroups: 'Write at least one answer.',
      tooManyGroups: (max: number) => `You can have ${max} answers at most. Remove some.`,
      groupTooLong: (max: number) => `Each answer can have ${max} letters at most. Make long ones shorter.`,
      threshold: (min: number, max: number) => `Pick a number from ${min} to ${max}.`,
      anonymous: 'Names are hidden in this session. So we cannot ask people.',
      failed: 'That did not work. Try again.',
    },
    phoneTitle: 'Which of these is most like you?',
  },
  turns: {
    help: 'Everyone takes a turn to add one idea. Add an idea or press “Pass”.',
  },
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function withChanges<T>(base: T, changes: unknown): T {
  if (changes === undefined) return base
  if (!isPlainObject(base) || !isPlainObject(changes)) return changes as T
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(changes)) out[key] = withChanges(base[key], value)
  return out as T
}

/** The standard words. */
export const standardWords: Strings = standardStrings
/** The easy read words: the standard set with `easyReadChanges` laid over it. */
export const easyReadWords: Strings = withChanges<Strings>(standardStrings, easyReadChanges)

let active: Strings = standardWords

/**
 * The words in use now. Reads go to the standard or the easy read set at the moment they are made, so a component
 * shows the other set as soon as it renders again (`useEasyRead` re-renders what needs it).
 */
export const strings: Strings = new Proxy(standardWords, {
  get: (_target, key) => (active as unknown as Record<PropertyKey, unknown>)[key],
})

/** Switch every word to easy read or back. Called by lib/easyRead.ts; not for components. */
export function selectWords(on: boolean): void {
  active = on ? easyReadWords : standardWords
}

/**
 * English overrides for tldraw's own menu words. People call a tldraw page a "board", so the page menu says so.
 * Keys are tldraw translation keys (see TLUiTranslationKey in tldraw).
 */
export const tldrawWords: Record<string, string> = {
  'page-menu.title': 'Boards',
  'page-menu.create-new-page': 'Add a board',
  'page-menu.new-page-initial-name': 'Board 1',
  'page-menu.go-to-page': 'Go to board',
  'page-menu.max-pages-reached': 'No more boards can be added',
  'context-menu.move-to-page': 'Move to board',
  'context.pages.new-page': 'New board',
  'roundtable.make-action': 'Make this an action',
  'roundtable.full-tools': 'Show all drawing tools and menus',
  'roundtable.fewer-tools': 'Show fewer tools',
  'tool.note': 'Idea (sticky note)',
}
