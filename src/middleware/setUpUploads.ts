import { Router } from 'express'
import multer from 'multer'
import { ELECTOR_UPLOAD_MAX_BYTES } from '../forms/board/electors-csv.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Why an uploaded file was refused before the route saw it (too large, too many files). */
      uploadError?: string
    }
  }
}

/**
 * File uploads (multipart/form-data), read into memory before the CSRF check so that the form's
 * token is in req.body as for any other form. Only the paths that take a file are parsed; a file
 * over the limit is not kept, and the route is told why (req.uploadError).
 */
export default function setUpUploads(): Router {
  const router = Router()
  const electors = multer({ storage: multer.memoryStorage(), limits: { fileSize: ELECTOR_UPLOAD_MAX_BYTES, files: 1, fields: 10, parts: 12 } }).single('electors')
  router.post('/board/elections/:round/electors/upload', (req, res, next) => {
    electors(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        req.uploadError = error.code === 'LIMIT_FILE_SIZE' ? 'The file must be smaller than 1 MB' : 'Upload one CSV file'
        req.body ??= {}
        return next()
      }
      next(error)
    })
  })
  return router
}
