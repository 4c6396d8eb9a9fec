import { useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import { canEdit, type BoardPhoto } from '@roundtable/board'
import { useSession, useSessionState } from '../SessionContext'
import { authorFor } from '../../sync/authorship'
import { useIdentity } from '../../lib/identity'
import { useSettings } from '../../sync/docHooks'
import { strings } from '../../strings'
import { TypeUpDialog } from './TypeUpDialog'
import { typeUpPhoto } from './typeUp'
import { usePhotos } from './usePhotos'
import type { PhotoUploads, PhotoUploadState } from './photoUploads'

/** React hook: the state of pictures being sent from this browser. */
export function usePhotoUploads(uploads: PhotoUploads): PhotoUploadState {
  return useSyncExternalStore(uploads.subscribe, uploads.getState)
}

/**
 * "Add a photo" for keyboard users and anyone without a picture to drag: a button that opens the file chooser.
 * The input itself is visually hidden but stays in the page.
 */
export function AddPhotoButton({ uploads, className }: { uploads: PhotoUploads; className?: string }) {
  const input = useRef<HTMLInputElement>(null)
  const helpId = useId()
  return (
    <>
      <button
        type="button"
        className={className ?? 'rt-button rt-button--secondary'}
        aria-describedby={helpId}
        onClick={() => input.current?.click()}
      >
        {strings.photos.choose}
      </button>
      <span id={helpId} className="rt-visually-hidden">
        {strings.photos.chooseHelp}
      </span>
      <input
        ref={input}
        type="file"
        accept="image/*"
        multiple
        hidden
        onChange={(event) => {
          const files = Array.from(event.target.files ?? [])
          event.target.value = ''
          void uploads.add(files)
        }}
      />
    </>
  )
}

/**
 * The type-up dialog, opened for one photo at a time: `open(photo)` shows it; `dialog` is what to render. The ideas
 * are written as this person (or nobody, in anonymous sessions); `onSaved` hears how many were added.
 */
export function useTypeUp(onSaved: (words: string) => void): { open: (photo: BoardPhoto) => void; dialog: ReactNode } {
  const { session } = useSession()
  const { anonymous } = useSettings(session.doc)
  const identity = useIdentity()
  const [photo, setPhoto] = useState<BoardPhoto | null>(null)
  const dialog = photo && (
    <TypeUpDialog
      photo={photo}
      onCancel={() => setPhoto(null)}
      onSave={(texts) => {
        const ids = typeUpPhoto(session.doc, photo, texts, authorFor(identity, anonymous))
        setPhoto(null)
        onSaved(strings.photos.saved(ids.length))
      }}
    />
  )
  return { open: setPhoto, dialog }
}

/**
 * On the canvas: how many photos wait to be typed up (so a facilitator sees it at a glance), a button to type up
 * the next one, and "Add a photo". Shown only when there is something to say or the person may add.
 */
export function PhotoTray() {
  const { session, photos: uploads } = useSession()
  const { role } = useSessionState(session)
  const photos = usePhotos(session.doc)
  const sending = usePhotoUploads(uploads)
  const [said, setSaid] = useState('')
  const typeUp = useTypeUp(setSaid)
  const editable = role !== null && canEdit(role)
  const waiting = photos.filter((p) => p.typedUp === 0)
  if (!editable && waiting.length === 0) return null
  return (
    <section className="rt-photo-tray" aria-label={strings.photos.listTitle}>
      <span className="rt-photo-tray__count" role="status">
        {waiting.length > 0 ? strings.photos.waiting(waiting.length) : ''}
      </span>
      {editable && waiting[0] && (
        <button
          type="button"
          className="rt-button rt-button--primary"
          onClick={() => waiting[0] && typeUp.open(waiting[0])}
        >
          {strings.photos.typeUpNext}
        </button>
      )}
      {editable && <AddPhotoButton uploads={uploads} />}
      <span className={sending.failed ? 'rt-error' : 'rt-muted'} role="status">
        {said || sending.message || ''}
      </span>
      {typeUp.dialog}
    </section>
  )
}
