import { call, client } from './client'
import type { components } from './schema'

// Mediation organizations and the courts they dock with (and the keys a court's system signs the docking with); each
// organization's application QR code.
type S = components['schemas']

export const list = () => call(client.GET('/api/organizations'))
export const register = (body: S['OrganizationRequest']) => call(client.POST('/api/organizations', { body }))
export const update = (organizationId: string, body: S['OrganizationRequest']) =>
  call(client.PUT('/api/organizations/{organizationId}', { params: { path: { organizationId } }, body }))
export const courts = () => call(client.GET('/api/courts'))
export const registerCourt = (body: S['CourtRequest']) => call(client.POST('/api/courts', { body }))
export const qrUrl = (organizationId: string, format: 'svg' | 'png') => `/api/organizations/${organizationId}/application-qr.${format}`

/** A court's docking keys (never their secrets), issuing one (its secret is in that answer only), revoking one. */
const court = (courtId: string) => ({ params: { path: { courtId } } })
export const dockingKeys = (courtId: string) => call(client.GET('/api/courts/{courtId}/docking-keys', court(courtId)))
export const issueDockingKey = (courtId: string) => call(client.POST('/api/courts/{courtId}/docking-keys', court(courtId)))
export const revokeDockingKey = (courtId: string, keyId: string) =>
  call(client.POST('/api/courts/{courtId}/docking-keys/{keyId}/revoke', { params: { path: { courtId, keyId } } }))
