import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { me, loadMe } from './session'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/app' },
    { path: '/login', component: () => import('./views/LoginView.vue') },
    { path: '/join', component: () => import('./views/JoinView.vue') },
    { path: '/apply/:organizationId', component: () => import('./views/ApplyView.vue'), props: true },
    { path: '/track', component: () => import('./views/TrackView.vue') },
    { path: '/verify', component: () => import('./views/VerifyView.vue') },
    {
      path: '/app',
      component: () => import('./views/AppShell.vue'),
      meta: { signedIn: true },
      children: [
        { path: '', component: () => import('./views/HomeView.vue') },
        { path: 'cases', component: () => import('./views/CasesView.vue'), meta: { roles: ['OrgAdmin', 'Mediator', 'CourtClerk'] } },
        { path: 'cases/new', component: () => import('./views/CaseIntakeView.vue'), meta: { roles: ['OrgAdmin', 'Mediator', 'CourtClerk'] } },
        { path: 'organizations', component: () => import('./views/OrganizationsView.vue'), meta: { roles: ['PlatformAdmin', 'OrgAdmin'] } },
        { path: 'staff', component: () => import('./views/StaffView.vue'), meta: { roles: ['PlatformAdmin', 'OrgAdmin'] } },
        { path: 'cases/:caseId', component: () => import('./views/case/CaseView.vue'), props: true },
        { path: 'cases/:caseId/session', component: () => import('./views/session/SessionView.vue'), props: true },
        { path: 'cases/:caseId/session/ended', component: () => import('./views/session/SessionEndView.vue'), props: true },
        { path: 'poster', component: () => import('./views/PosterView.vue'), meta: { roles: ['OrgAdmin'] } },
        { path: 'roster', component: () => import('./views/RosterView.vue'), meta: { roles: ['OrgAdmin', 'Mediator'] } },
        { path: 'security', component: () => import('./views/SecurityView.vue'), meta: { staff: true } },
        { path: 'dev/sms', component: () => import('./views/DevSmsView.vue'), meta: { roles: ['OrgAdmin', 'Mediator'] } },
      ],
    },
    { path: '/:rest(.*)*', component: () => import('./views/NotFoundView.vue') },
  ],
})

// The server is the authority; the guard only spares a round trip to a page that would refuse anyway.
router.beforeEach(async (to: RouteLocationNormalized) => {
  if (!to.matched.some((r) => r.meta.signedIn)) return true
  const current = me.value ?? (await loadMe())
  if (!current) return { path: '/login', query: { next: to.fullPath } }
  if (current.twoFactorEnrollmentRequired && to.path !== '/app/security') return '/app/security'
  const roles = to.meta.roles as string[] | undefined
  if (roles && !roles.some((r) => current.roles.includes(r))) return '/app'
  if (to.meta.staff && current.kind !== 'staff') return '/app'
  return true
})
