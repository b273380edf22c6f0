import { call, client } from './client'
import type { components } from './schema'

// A court's side: the organizations it delegates to (委派调解), and a delegation.
type S = components['schemas']

export const organizations = () => call(client.GET('/api/court/organizations'))
export const delegate = (body: S['DelegationRequest']) => call(client.POST('/api/court/delegations', { body }))
