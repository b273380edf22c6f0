import { call, client } from './client'
import type { components } from './schema'

// Mediation organizations and the courts they dock with; each organization's application QR code.
type S = components['schemas']

export const list = () => call(client.GET('/api/organizations'))
export const register = (body: S['OrganizationRequest']) => call(client.POST('/api/organizations', { body }))
export const update = (organizationId: string, body: S['OrganizationRequest']) =>
  call(client.PUT('/api/organizations/{organizationId}', { params: { path: { organizationId } }, body }))
export const courts = () => call(client.GET('/api/courts'))
export const registerCourt = (body: S['CourtRequest']) => call(client.POST('/api/courts', { body }))
export const qrUrl = (organizationId: string, format: 'svg' | 'png') => `/api/organizations/${organizationId}/application-qr.${format}`
