import { memo, useEffect, useId, useRef, useState } from 'react'
import * as Y from 'yjs'
import { MAX_IDEA_TEXT, PROPS_KEY, getRecordsMap } from '@roundtable/board'
import type { OutlineIdea } from '../../lib/boardOutline'
import { useEasyRead } from '../../lib/easyRead'
import { shortText } from '../../lib/ideas'
import { readAloud } from '../../lib/readAloud'
import { strings } from '../../strings'
import { Icon } from '../inclusion/Icon'
import { SharedTextJargon } from '../inclusion/SharedTextJargon'
import { SharedTextField } from '../panel/SharedTextField'
import type { TargetOption } from './NewIdeaForm'

/** The fill tldraw gives each note colour (light theme), for a swatch that matches the note on the board. */
const SWATCHES: Record<string, string> = {
  black: '#fce19c',
  yellow: '#fed49a',
  orange: '#faa475',
  'light-red': '#f7a5a1',
  red: '#fc8282',
  'light-violet': '#dfb0f9',
  violet: '#db91fd',
  'light-blue': '#9bc4fd',
  blue: '#8aa3ff',
  'light-green': '#98d08a',
  green: '#6fc896',
  grey: '#c0cad3',
  white: '#ffffff',
}

/** What one idea in the list may show and do; everything about votes is worked out by the list. */
export interface IdeaItemProps {
  idea: OutlineIdea
  doc: Y.Doc
  /** Show "By …" (not in anonymous sessions). */
  showAuthor: boolean
  /** This person's dots on it in the open vote, when they can vote on it now; otherwise null. */
  myDots: number | null
  /** Total dots from the newest vote whose results everyone may see, or null. */
  totalDots: number | null
  canChange: boolean
  canMakeAction: boolean
  isAction: boolean
  canSpeak: boolean
  moveOptions: TargetOption[]
  /** True once when this idea should take keyboard focus (it just moved here). */
  takeFocus: boolean
  onAddDot: (id: string) => void
  onRemoveDot: (id: string) => void
  onMakeAction: (id: string, text: string) => void
  onMove: (id: string, option: TargetOption) => void
  onDelete: (id: string) => void
  say: (message: string) => void
}

/**
 * One idea in the list: its words, who added it, its colour and dots, and buttons for what a person can do with
 * it. "Change" opens the words for editing (live with everyone), with "Move to" and "Delete".
 */
export const IdeaItem = memo(function IdeaItem(props: IdeaItemProps) {
  // A memoised item is not re-rendered by its list: it listens for easy read itself, or its buttons would keep the
  // standard words beside the easy read pictures ("+ + dot").
  useEasyRead()
  const { idea, myDots, totalDots } = props
  const [editing, setEditing] = useState(false)
  const changeButton = useRef<HTMLButtonElement>(null)
  const label = shortText(idea.text) || strings.list.emptyIdea
  const colour = strings.list.colours[idea.colour] ?? idea.colour

  useEffect(() => {
    if (props.takeFocus) changeButton.current?.focus()
  }, [props.takeFocus])

  const facts = [
    strings.list.colourNote(colour),
    props.showAuthor && idea.author ? strings.list.by(idea.author) : '',
    myDots !== null ? strings.vote.yourDots(myDots) : '',
    totalDots !== null ? strings.list.totalDots(totalDots) : '',
    props.isAction ? strings.list.isAction : '',
  ].filter(Boolean)

  return (
    <li className="rt-idea" style={{ borderLeftColor: SWATCHES[idea.colour] ?? SWATCHES.yellow }}>
      <p className="rt-idea__text">{idea.text.trim() || strings.list.emptyIdea}</p>
      <p className="rt-idea__facts">
        <span
          className="rt-idea__swatch"
          style={{ background: SWATCHES[idea.colour] ?? SWATCHES.yellow }}
          aria-hidden="true"
        />{' '}
        {facts.join(' · ')}
      </p>
      <div className="rt-idea__buttons">
        {myDots !== null && (
          <>
            <button
              type="button"
              className="rt-small-button rt-small-button--add"
              aria-label={`${strings.vote.addDot}: ${strings.vote.addDotLabel(label)}`}
              onClick={() => props.onAddDot(idea.id)}
            >
              <Icon name="dotAdd" />
              {strings.vote.addDot}
            </button>
            <button
              type="button"
              className="rt-small-button"
              aria-label={`${strings.vote.removeDot}: ${strings.vote.removeDotLabel(label)}`}
              disabled={myDots === 0}
              onClick={() => props.onRemoveDot(idea.id)}
            >
              <Icon name="dotRemove" />
              {strings.vote.removeDot}
            </button>
          </>
        )}
        {props.canSpeak && (
          <button
            type="button"
            className="rt-small-button"
            aria-label={`${strings.readAloud.idea}: ${label}`}
            onClick={() =>
              readAloud.read(`“${label}”`, [
                strings.readAloud.spokenIdea(
                  idea.text || strings.list.emptyIdea,
                  props.showAuthor ? idea.author : null,
                ),
              ])
            }
          >
            <Icon name="speak" />
            {strings.readAloud.idea}
          </button>
        )}
        {props.canChange && (
          <button
            ref={changeButton}
            type="button"
            className="rt-small-button"
            aria-expanded={editing}
            aria-label={`${strings.list.change}: ${label}`}
            onClick={() => setEditing((open) => !open)}
          >
            <Icon name="edit" />
            {strings.list.change}
          </button>
        )}
        {props.canMakeAction && (
          <button
            type="button"
            className="rt-small-button"
            aria-label={`${strings.actions.makeAction}: ${label}`}
            onClick={() => props.onMakeAction(idea.id, idea.text)}
          >
            <Icon name="action" />
            {strings.actions.makeAction}
          </button>
        )}
      </div>
      {editing && props.canChange && (
        <IdeaEditor
          {...props}
          onClose={() => {
            setEditing(false)
            changeButton.current?.focus()
          }}
        />
      )}
    </li>
  )
})

/** An idea's shared text (its words, as several people may type them at once). */
function sharedTextOf(doc: Y.Doc, ideaId: string): Y.Text | undefined {
  const record = getRecordsMap(doc).get(ideaId)
  const props = record instanceof Y.Map ? record.get(PROPS_KEY) : undefined
  const text = props instanceof Y.Map ? (props.get('richText') as unknown) : undefined
  return text instanceof Y.Text ? text : undefined
}

function IdeaEditor(props: IdeaItemProps & { onClose: () => void }) {
  const { idea, doc } = props
  const ytext = sharedTextOf(doc, idea.id)
  const field = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const deleteButton = useRef<HTMLButtonElement>(null)
  const keepButton = useRef<HTMLButtonElement>(null)
  const asked = useRef(false)
  const current = props.moveOptions.find((o) => o.target.pageId === idea.pageId && o.target.groupId === idea.groupId)
  const [moveTo, setMoveTo] = useState(current?.key ?? '')
  const ids = { title: useId(), field: useId(), jargon: useId(), move: useId() }

  useEffect(() => {
    field.current?.focus()
  }, [])

  // The button pressed goes away: the question's safe answer takes focus, and "Delete" gets it back after "No".
  useEffect(() => {
    if (confirmDelete) keepButton.current?.focus()
    else if (asked.current) deleteButton.current?.focus()
    asked.current = confirmDelete
  }, [confirmDelete])

  return (
    <div className="rt-idea__editor" role="group" aria-labelledby={ids.title}>
      <p id={ids.title} className="rt-idea__editor-title">
        {strings.list.changeTitle}
      </p>
      <label className="rt-label" htmlFor={ids.field}>
        {strings.list.textLabel}
      </label>
      <SharedTextField
        ref={field}
        doc={doc}
        text={ytext}
        id={ids.field}
        multiline
        maxLength={MAX_IDEA_TEXT}
        aria-describedby={ids.jargon}
      />
      <SharedTextJargon
        doc={doc}
        text={ytext}
        summaryId={ids.jargon}
        onChanged={props.say}
        returnFocus={() => field.current?.focus()}
      />
      {props.moveOptions.length > 1 && (
        <div className="rt-inline-form">
          <label className="rt-label" htmlFor={ids.move}>
            {strings.list.moveLabel}
          </label>
          <select
            id={ids.move}
            className="rt-input rt-input--auto"
            value={moveTo}
            onChange={(event) => setMoveTo(event.target.value)}
          >
            {props.moveOptions.map((option) => (
              <option key={option.key} value={option.key}>
                {option.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="rt-button rt-button--secondary"
            disabled={moveTo === current?.key}
            onClick={() => {
              const option = props.moveOptions.find((o) => o.key === moveTo)
              if (option) props.onMove(idea.id, option)
            }}
          >
            <Icon name="move" />
            {strings.list.move}
          </button>
        </div>
      )}
      {confirmDelete ? (
        <div className="rt-confirm" role="group" aria-label={strings.list.removeConfirm}>
          <p>{strings.list.removeConfirm}</p>
          <button type="button" className="rt-button rt-button--danger" onClick={() => props.onDelete(idea.id)}>
            <Icon name="remove" />
            {strings.list.removeYes}
          </button>
          <button
            ref={keepButton}
            type="button"
            className="rt-button rt-button--secondary"
            onClick={() => setConfirmDelete(false)}
          >
            {strings.list.removeNo}
          </button>
        </div>
      ) : (
        <div className="rt-button-row">
          <button type="button" className="rt-button rt-button--primary" onClick={props.onClose}>
            <Icon name="done" />
            {strings.list.done}
          </button>
          <button
            ref={deleteButton}
            type="button"
            className="rt-button rt-button--secondary"
            onClick={() => setConfirmDelete(true)}
          >
            <Icon name="remove" />
            {strings.list.remove}
          </button>
        </div>
      )}
    </div>
  )
}
