import { call, client } from './client'
import type { components } from './schema'

// The public online application (一码维权): the organization, the code by SMS, the application, its progress.
type S = components['schemas']

export const organization = (organizationId: string) => call(client.GET('/api/public/organizations/{organizationId}', { params: { path: { organizationId } } }))
export const sendCode = (body: S['ApplicationCodeRequest']) => call(client.POST('/api/public/applications/code', { body }))
export const apply = (body: S['OnlineApplicationRequest']) => call(client.POST('/api/public/applications', { body }))
export const track = (body: S['TrackRequest']) => call(client.POST('/api/public/applications/track', { body }))
