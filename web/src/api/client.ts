import createClient from 'openapi-fetch'
import type { paths } from './schema'

// One way to call the server: the typed client generated from the server's OpenAPI document (openapi.json →
// schema.d.ts, `npm run api`), and RFC 7807 problems turned into ApiError with their stable code.

/** One problem with one form field: a stable code the app translates, with its limit where it has one. */
export interface FieldError {
  code: string
  message: string
  limit?: number | null
}

export interface Problem {
  status: number
  code: string
  title: string
  detail?: string
  /** Field problems by the field's JSON path (applicants[0].name). */
  errors?: Record<string, FieldError[]>
  [extension: string]: unknown
}

export class ApiError extends Error {
  readonly problem: Problem
  constructor(problem: Problem) {
    super(problem.title)
    this.problem = problem
  }
}

export const client = createClient<paths>({ credentials: 'same-origin', headers: { Accept: 'application/json' } })

const networkError = () => new ApiError({ status: 0, code: 'network-error', title: 'Network error' })

function problemOf(response: Response, body: unknown): ApiError {
  const p = body as Partial<Problem> | undefined
  return new ApiError(p && typeof p.code === 'string' ? (p as Problem) : { status: response.status, code: 'error', title: response.statusText })
}

/** The data of a typed call, or its problem thrown as an ApiError (a network that is away as network-error). */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response }
  try {
    result = await request
  } catch {
    throw networkError()
  }
  if (!result.response.ok) throw problemOf(result.response, result.error)
  return result.data as T
}

/** A file posted as multipart form data (the typed client sends JSON). */
export async function upload<T>(url: string, file: File): Promise<T> {
  const form = new FormData()
  form.append('file', file)
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: form })
  } catch {
    throw networkError()
  }
  const text = await response.text()
  const body = text ? JSON.parse(text) : undefined
  if (!response.ok) throw problemOf(response, body)
  return body as T
}
