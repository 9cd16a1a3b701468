import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * Secrets that must be read back (an authenticator app's TOTP secret) are kept encrypted with
 * AES-256-GCM under the key from DATA_ENCRYPTION_KEY (config.dataEncryption). What each value is
 * for is bound into it as associated data (`context`, e.g. the staff member's id), so a value
 * copied to another row does not open there. Stored as one base64url string: iv, tag, ciphertext.
 */
export class DataEncryption {
  constructor(private readonly key: Buffer) {}

  seal(text: string, context: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
  }

  /** Null for another key (DATA_ENCRYPTION_KEY changed), another context or a changed value. */
  open(sealed: string, context: string): string | null {
    try {
      const bytes = Buffer.from(sealed, 'base64url')
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12))
      decipher.setAAD(Buffer.from(context, 'utf8'))
      decipher.setAuthTag(bytes.subarray(12, 28))
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
    } catch {
      return null
    }
  }
}
