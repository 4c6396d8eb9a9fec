import { useMemo } from 'react'
import QRCode from 'qrcode'

/** Light modules around the code, as the QR standard asks. */
const QUIET_ZONE = 4

/**
 * A QR code drawn as SVG in the browser, from the `qrcode` library's module matrix: nothing is fetched, it is
 * sharp at any size, and black on white so a projector's washed-out colours still scan.
 */
export function JoinQr({ text, label, className = 'pr-qr' }: { text: string; label: string; className?: string }) {
  const { path, size } = useMemo(() => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
    let d = ''
    for (let y = 0; y < modules.size; y++) {
      for (let x = 0; x < modules.size; x++) {
        if (modules.get(y, x)) d += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`
      }
    }
    return { path: d, size: modules.size + 2 * QUIET_ZONE }
  }, [text])
  return (
    <svg
      className={className}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  )
}
