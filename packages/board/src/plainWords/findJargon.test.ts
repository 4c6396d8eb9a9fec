import { describe, expect, it } from 'vitest'
import { acceptSuggestion, findJargon, type JargonMatch } from './findJargon'
import { PLAIN_WORDS, type PlainWordEntry } from './wordList'

/** How the matcher compares terms: case and hyphen-or-space do not matter. */
const sameTerm = (term: string): string => term.toLowerCase().replace(/[\s-]+/g, ' ')

function only(text: string, extra?: readonly PlainWordEntry[]): JargonMatch {
  const matches = findJargon(text, extra)
  expect(matches, text).toHaveLength(1)
  return matches[0]!
}

const found = (text: string, extra?: readonly PlainWordEntry[]): string[] => findJargon(text, extra).map((m) => m.found)

describe('the plain words list', () => {
  it('has at least 150 entries and no term twice', () => {
    expect(PLAIN_WORDS.length).toBeGreaterThanOrEqual(150)
    const keys = PLAIN_WORDS.map((e) => sameTerm(e.term))
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([])
  })

  it('offers at least one real alternative for every entry, and no empty ones', () => {
    for (const entry of PLAIN_WORDS) {
      expect(
        entry.plain.every((p) => p.trim() !== ''),
        entry.term,
      ).toBe(true)
      const different = entry.plain.filter((p) => sameTerm(p.trim()) !== sameTerm(entry.term))
      expect(different.length, entry.term).toBeGreaterThan(0)
    }
  })

  it('finds every term written as listed, as one whole match', () => {
    for (const entry of PLAIN_WORDS) {
      const matches = findJargon(entry.term).map((m) => [m.start, m.end, m.term])
      expect(matches, entry.term).toEqual([[0, entry.term.length, entry.term]])
    }
  })

  it('never suggests words that are on the list themselves', () => {
    for (const entry of PLAIN_WORDS) {
      for (const plain of entry.plain) expect(found(plain), `${entry.term} → ${plain}`).toEqual([])
    }
  })
})

describe('findJargon', () => {
  it.each([
    ['stakeholder', 'We asked every stakeholder to come.', 'people involved'],
    ['commissioning', 'The commissioning is done in spring.', 'choosing and paying for services'],
    ['outcomes framework', 'It is all in the outcomes framework.', 'list of the results we want'],
    ['service user', 'One service user spoke first.', 'person who uses the service'],
    ['signposting', 'We do signposting on Fridays.', 'pointing people to help'],
    ['capacity building', 'This is capacity building work.', 'helping people and groups get stronger'],
  ])('finds "%s" in a sentence and suggests plain words', (term, sentence, plain) => {
    expect(PLAIN_WORDS.some((e) => e.term === term)).toBe(true)
    const match = only(sentence)
    expect(match.term).toBe(term)
    expect(match.found).toBe(term)
    expect(sentence.slice(match.start, match.end)).toBe(term)
    expect(match.plain).toContain(plain)
  })

  it.each([
    ['Our stakeholders met.', 'stakeholders', 'stakeholder'],
    ['She signposted him to the café.', 'signposted', 'signpost'],
    ['The commissioners agreed.', 'commissioners', 'commissioner'],
    ['We commissioned a new service.', 'commissioned', 'commission'],
    ['Two service users spoke.', 'service users', 'service user'],
    ['Both outcomes frameworks changed.', 'outcomes frameworks', 'outcomes framework'],
    ['Our KPIs are late.', 'KPIs', 'KPI'],
    ['Three synergies', 'synergies', 'synergy'],
    ['We are leveraging funds.', 'leveraging', 'leverage'],
    ['It was triaged.', 'triaged', 'triage'],
    ['a multidisciplinary team', 'multidisciplinary team', 'multi-disciplinary team'],
    ['a multi disciplinary team', 'multi disciplinary team', 'multi-disciplinary team'],
    ['person centred support', 'person centred', 'person-centred'],
    ['coproduction matters', 'coproduction', 'co-production'],
    ['we co-produced it', 'co-produced', 'co-produce'],
    ['a care-package', 'care-package', 'care package'],
    ['a wraparound service', 'wraparound', 'wrap-around'],
    ['two direct payments', 'direct payments', 'direct payment'],
    ['new deliverables', 'deliverables', 'deliverable'],
    ['They prioritized housing.', 'prioritized', 'prioritise'],
    ['more personalization', 'personalization', 'personalisation'],
    ['think holistically', 'holistically', 'holistic'],
    ['We rolled out the app.', 'rolled out', 'roll out'],
    ['She is reaching out.', 'reaching out', 'reach out'],
    ['a carer’s assessment', 'carer’s assessment', "carer's assessment"],
  ])('finds inflections and spellings: %s', (text, words, term) => {
    const match = only(text)
    expect(match.found).toBe(words)
    expect(match.term).toBe(term)
  })

  it('prefers an exact entry to an inflected form of another one', () => {
    expect(only('signposting').term).toBe('signposting')
    expect(only('commissioning').term).toBe('commissioning')
  })

  it('keeps abbreviations to capitals and hyphenated nouns away from verbs', () => {
    expect(found('Please send it to me.')).toEqual([])
    expect(only('SEND support').term).toBe('SEND')
    expect(found('The chair stepped down in May.')).toEqual([])
    expect(only('a step-down bed').found).toBe('step-down')
  })

  it('lets the longest phrase win', () => {
    expect(only('It is in the outcomes framework.').term).toBe('outcomes framework')
    expect(only('Outcomes matter.').term).toBe('outcome')
    expect(only('capacity building').term).toBe('capacity building')
    expect(only('mental capacity').term).toBe('mental capacity')
    expect(only('an equality impact assessment').term).toBe('equality impact assessment')
    expect(only('respite care').term).toBe('respite care')
    expect(found('an integrated care system and its safeguarding team')).toEqual([
      'integrated care system',
      'safeguarding',
    ])
  })

  it('never matches inside other words, hyphenated words or links', () => {
    expect(found('userland superstakeholders pathwayfinder reassessment KPIx')).toEqual([])
    expect(found('pre-commissioning and non-stakeholder')).toEqual([])
    expect(found('see https://example.org/stakeholder-pathway or ask team@pathway.org.uk')).toEqual([])
    expect(found('www.respite.example')).toEqual([])
  })

  it('is safe around punctuation', () => {
    expect(found('(stakeholders), “pathway”; KPIs! respite? …signposting.')).toEqual([
      'stakeholders',
      'pathway',
      'KPIs',
      'respite',
      'signposting',
    ])
    expect(found("the stakeholder's view")).toEqual(['stakeholder'])
    expect(found('care, package')).toEqual([])
    expect(found('care\npackage')).toEqual(['care\npackage'])
  })

  it('works with other scripts and emoji around the words', () => {
    const arabic = 'سلام stakeholder مرحبا'
    const match = only(arabic)
    expect(arabic.slice(match.start, match.end)).toBe('stakeholder')
    expect(found('我们的stakeholder们')).toEqual(['stakeholder'])
    const emoji = '👩🏾‍🦽respite✨'
    expect(emoji.slice(only(emoji).start, only(emoji).end)).toBe('respite')
  })

  it('uses a session’s own entries, which override built-in ones', () => {
    const extra: PlainWordEntry[] = [
      { term: 'huddle', plain: ['short meeting'] },
      { term: 'Person centred', plain: ['about you'] },
    ]
    const huddle = only('Team huddles at nine.', extra)
    expect(huddle).toMatchObject({ found: 'huddles', term: 'huddle', plain: ['short meeting'] })
    expect(only('person-centred care', extra)).toMatchObject({ term: 'Person centred', plain: ['about you'] })
    expect(only('person-centred care').plain).toEqual(['built around you', 'about what matters to you'])
  })

  it('lets a session switch a word off with an entry that has no alternatives', () => {
    expect(found('a respite week', [{ term: 'respite', plain: [] }])).toEqual([])
    expect(found('a respite week')).toEqual(['respite'])
  })

  it('ignores session entries it cannot match', () => {
    const extra = [
      { term: 'A&E', plain: ['emergency department'] },
      { term: '', plain: ['nothing'] },
      { term: 'huddle', plain: ['', '  '] },
    ]
    expect(found('A&E huddle stakeholder', extra)).toEqual(['stakeholder'])
  })

  it('counts every match in a 10,000-word text', () => {
    const sentence =
      'Our stakeholders signposted people to direct payments, not userland or a pre-commissioning café, and the outcomes framework changed here today.'
    expect(sentence.split(/\s+/)).toHaveLength(20)
    const text = Array.from({ length: 500 }, () => sentence).join('\n')
    expect(text.split(/\s+/)).toHaveLength(10_000)
    const matches = findJargon(text)
    expect(matches).toHaveLength(2_000)
    expect(matches.slice(0, 4).map((m) => m.term)).toEqual([
      'stakeholder',
      'signpost',
      'direct payment',
      'outcomes framework',
    ])
    expect(text.slice(matches.at(-1)!.start, matches.at(-1)!.end)).toBe('outcomes framework')
  })
})

describe('acceptSuggestion', () => {
  it('replaces exactly that word, after emoji and Arabic text', () => {
    const text = '👩🏾‍🦽 مرحبا: our stakeholders agreed ✨ stakeholders'
    const first = findJargon(text)[0]!
    expect(acceptSuggestion(text, first, 'people involved')).toBe(
      '👩🏾‍🦽 مرحبا: our people involved agreed ✨ stakeholders',
    )
  })

  it('keeps a leading capital, and capitals throughout', () => {
    expect(acceptSuggestion('Stakeholders agreed.', only('Stakeholders agreed.'), 'people involved')).toBe(
      'People involved agreed.',
    )
    expect(acceptSuggestion('SAFEGUARDING UPDATE', only('SAFEGUARDING UPDATE'), 'keeping people safe')).toBe(
      'KEEPING PEOPLE SAFE UPDATE',
    )
    expect(acceptSuggestion('the pathway', only('the pathway'), 'steps')).toBe('the steps')
  })

  it('only capitalises an abbreviation’s replacement at the start of a sentence', () => {
    expect(acceptSuggestion('We set a KPI today.', only('We set a KPI today.'), 'target')).toBe(
      'We set a target today.',
    )
    const text = 'Done. KPIs are late.'
    expect(acceptSuggestion(text, only(text), 'targets')).toBe('Done. Targets are late.')
  })

  it('can accept several matches when applied from the end', () => {
    const text = 'Stakeholders want holistic, person-centred care.'
    const result = findJargon(text).reduceRight(
      (current, match) => acceptSuggestion(current, match, match.plain[0]!),
      text,
    )
    expect(result).toBe('People involved want looking at the whole person, built around you care.')
  })

  it('leaves the text alone when it changed since the match was found', () => {
    const match = only('our stakeholders')
    expect(acceptSuggestion('our stakeholder', match, 'people')).toBe('our stakeholder')
    expect(acceptSuggestion('x', match, 'people')).toBe('x')
  })
})
