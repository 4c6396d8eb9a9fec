import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { MAX_IDEA_TEXT, type BoardPhoto } from '@roundtable/board'
import { strings } from '../../strings'

/** Boxes the dialog starts with, and the most it offers. */
const FIRST_BOXES = 2
const MAX_BOXES = 20

/**
 * "Type up this photo": the photo large, and one box per idea it holds (one photo of a flip chart is often several
 * ideas). A native modal `<dialog>`: focus moves into it and stays there, Escape cancels.
 */
export function TypeUpDialog(props: { photo: BoardPhoto; onSave: (texts: string[]) => void; onCancel: () => void }) {
  const { photo, onSave, onCancel } = props
  const ref = useRef<HTMLDialogElement>(null)
  const [texts, setTexts] = useState<string[]>(() => Array.from({ length: FIRST_BOXES }, () => ''))
  const [problem, setProblem] = useState('')
  const boxes = useRef<(HTMLTextAreaElement | null)[]>([])
  const ids = { title: useId(), help: useId(), box: useId() }

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    boxes.current[0]?.focus()
    return () => dialog?.close()
  }, [])

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const words = texts.map((t) => t.trim()).filter((t) => t !== '')
    if (words.length === 0) {
      setProblem(strings.photos.noWords)
      boxes.current[0]?.focus()
      return
    }
    onSave(words)
  }
  const addBox = (): void => {
    setTexts((all) => [...all, ''])
    requestAnimationFrame(() => boxes.current[texts.length]?.focus())
  }

  return (
    <dialog
      ref={ref}
      className="rt-dialog rt-typeup"
      aria-labelledby={ids.title}
      aria-describedby={ids.help}
      onCancel={(event) => {
        event.preventDefault()
        onCancel()
      }}
    >
      <form onSubmit={submit}>
        <h2 id={ids.title}>{strings.photos.dialogTitle}</h2>
        <img
          className="rt-typeup__photo"
          src={photo.src}
          alt={photo.typedUp > 0 ? strings.photos.altTypedUp(photo.typedUp) : strings.photos.altWaiting}
        />
        <p id={ids.help}>{strings.photos.dialogHelp}</p>
        {texts.map((text, i) => (
          <div key={i} className="rt-typeup__box">
            <label htmlFor={`${ids.box}-${i}`} className="rt-label">
              {strings.photos.ideaLabel(i + 1)}
            </label>
            <textarea
              id={`${ids.box}-${i}`}
              ref={(el) => {
                boxes.current[i] = el
              }}
              className="rt-input rt-typeup__text"
              rows={2}
              maxLength={MAX_IDEA_TEXT}
              value={text}
              onChange={(event) => {
                const value = event.target.value
                setProblem('')
                setTexts((all) => all.map((t, k) => (k === i ? value : t)))
              }}
            />
          </div>
        ))}
        {texts.length < MAX_BOXES && (
          <button type="button" className="rt-button rt-button--secondary" onClick={addBox}>
            {strings.photos.addBox}
          </button>
        )}
        <p className="rt-error" role="alert">
          {problem}
        </p>
        <div className="rt-dialog__buttons">
          <button type="submit" className="rt-button rt-button--primary">
            {strings.photos.save}
          </button>
          <button type="button" className="rt-button rt-button--secondary" onClick={onCancel}>
            {strings.photos.cancelDialog}
          </button>
        </div>
      </form>
    </dialog>
  )
}
