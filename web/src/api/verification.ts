import { upload } from './client'
import type { VerificationResult } from './types'

// Checking a signed document: anyone holding a copy uploads it (the QR code on each page leads here).

export const verify = (file: File) => upload<VerificationResult>('/api/verify', file)
