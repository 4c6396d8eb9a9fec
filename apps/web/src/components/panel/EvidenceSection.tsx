import { useId, useRef, useState, type FormEvent } from 'react'
import { MAX_EVIDENCE_GROUPS, MAX_EVIDENCE_THRESHOLD, MIN_EVIDENCE_THRESHOLD } from '@roundtable/board'
import { ApiError, setEvidence } from '../../lib/api'
import {
  checkEvidenceDraft,
  draftDiffers,
  draftFromSettings,
  type EvidenceDraft,
  type EvidenceProblem,
} from '../../lib/evidence'
import { useSettings } from '../../sync/docHooks'
import { strings } from '../../strings'
import { useSession } from '../SessionContext'
import { useRequest } from './useRequest'

/**
 * Facilitators: "Whose voices (evidence of co-production)". Whether people are asked how they come to the session,
 * the answers offered (one per line) and the smallest group the summary shows on its own. Nothing changes until
 * Save; until then the form follows what other facilitators save. Not offered in an anonymous session.
 */
export function EvidenceSection() {
  const { session } = useSession()
  const settings = useSettings(session.doc)
  const evidence = settings.evidence
  // What the facilitator has typed and not saved yet; null while the form simply shows the settings.
  const [draft, setDraft] = useState<EvidenceDraft | null>(null)
  const { busy, error: failure, run, reset } = useRequest()
  const [problem, setProblem] = useState<EvidenceProblem | null>(null)
  const [saved, setSaved] = useState<boolean | null>(null)
  const ids = {
    title: useId(),
    intro: useId(),
    box: useId(),
    boxHelp: useId(),
    groups: useId(),
    groupsHelp: useId(),
    threshold: useId(),
    thresholdHelp: useId(),
    problem: useId(),
  }
  const groupsRef = useRef<HTMLTextAreaElement>(null)
  const thresholdRef = useRef<HTMLInputElement>(null)
  const anonymous = settings.anonymous
  const shown = draft ?? draftFromSettings(evidence)
  const unsaved = draft !== null && draftDiffers(draft, evidence)

  const change = (patch: Partial<EvidenceDraft>): void => {
    setDraft({ ...shown, ...patch })
    setSaved(null)
    reset()
    if (
      problem &&
      ((patch.groupsText !== undefined && problem.field === 'groups') ||
        (patch.thresholdText !== undefined && problem.field === 'threshold'))
    ) {
      setProblem(null)
    }
  }

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy || anonymous) return
    const checked = checkEvidenceDraft(shown)
    if (!checked.ok) {
      setProblem(checked.problem)
      ;(checked.problem.field === 'groups' ? groupsRef.current : thresholdRef.current)?.focus()
      return
    }
    setProblem(null)
    await run(
      async () => {
        const answer = await setEvidence(session.boardId, checked.settings)
        setDraft(null)
        setSaved(answer.settings.evidence.ask)
      },
      (error) =>
        error instanceof ApiError && error.status === 409
          ? strings.evidence.errors.anonymous
          : strings.evidence.errors.failed,
    )
  }

  const describe = (...parts: (string | false)[]): string => parts.filter(Boolean).join(' ')

  return (
    <div className="rt-callout rt-evidence" role="group" aria-labelledby={ids.title} aria-describedby={ids.intro}>
      <h3 id={ids.title} className="rt-subtitle">
        {strings.evidence.settingsTitle}
      </h3>
      <p id={ids.intro} className="rt-muted rt-small">
        {strings.evidence.settingsIntro}
      </p>
      {anonymous && <p className="rt-big">{strings.evidence.anonymousOff}</p>}
      <form className="rt-form" onSubmit={(event) => void save(event)} noValidate>
        <fieldset className="rt-evidence__fields" disabled={anonymous}>
          <div className="rt-check">
            <input
              id={ids.box}
              type="checkbox"
              role="switch"
              checked={shown.ask && !anonymous}
              aria-describedby={ids.boxHelp}
              onChange={(event) => change({ ask: event.target.checked })}
            />
            <label htmlFor={ids.box}>{strings.evidence.askLabel}</label>
          </div>
          <p id={ids.boxHelp} className="rt-muted rt-small">
            {strings.evidence.askHelp}
          </p>
          <label className="rt-label" htmlFor={ids.groups}>
            {strings.evidence.groupsLabel}
          </label>
          <textarea
            ref={groupsRef}
            id={ids.groups}
            className="rt-input"
            rows={Math.min(MAX_EVIDENCE_GROUPS, Math.max(4, shown.groupsText.split('\n').length + 1))}
            value={shown.groupsText}
            aria-invalid={problem?.field === 'groups' ? true : undefined}
            aria-describedby={describe(ids.groupsHelp, problem?.field === 'groups' && ids.problem)}
            onChange={(event) => change({ groupsText: event.target.value })}
          />
          <p id={ids.groupsHelp} className="rt-muted rt-small">
            {strings.evidence.groupsHelp(MAX_EVIDENCE_GROUPS)}
          </p>
          <div className="rt-inline-form">
            <label className="rt-label" htmlFor={ids.threshold}>
              {strings.evidence.thresholdBefore}
            </label>
            <input
              ref={thresholdRef}
              id={ids.threshold}
              className="rt-input rt-input--short"
              type="number"
              inputMode="numeric"
              min={MIN_EVIDENCE_THRESHOLD}
              max={MAX_EVIDENCE_THRESHOLD}
              value={shown.thresholdText}
              aria-label={strings.evidence.thresholdLabel}
              aria-invalid={problem?.field === 'threshold' ? true : undefined}
              aria-describedby={describe(ids.thresholdHelp, problem?.field === 'threshold' && ids.problem)}
              onChange={(event) => change({ thresholdText: event.target.value })}
            />
            <span aria-hidden="true">{strings.evidence.thresholdAfter}</span>
          </div>
          <p id={ids.thresholdHelp} className="rt-muted rt-small">
            {strings.evidence.thresholdHelp}
          </p>
          <button type="submit" className="rt-button rt-button--primary">
            {busy ? strings.evidence.saving : strings.evidence.saveSettings}
          </button>
        </fieldset>
      </form>
      {problem && (
        <p id={ids.problem} className="rt-error" role="alert">
          {problem.message}
        </p>
      )}
      {failure && (
        <p className="rt-error" role="alert">
          {failure}
        </p>
      )}
      <p className="rt-small" role="status">
        {unsaved
          ? strings.evidence.unsaved
          : saved === null
            ? ''
            : saved
              ? strings.evidence.savedOn
              : strings.evidence.savedOff}
      </p>
    </div>
  )
}
