/** Saving a file the page made or fetched, through a temporary `<a download>`. */

/** Offer `blob` to the person as a download called `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Some browsers read the URL after click() returns; let it live a moment.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
