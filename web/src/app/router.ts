import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useAuthStore } from '@/features/auth/auth.store';
import type { Role } from '@/features/auth/types';
import AppShell from './shell/AppShell.vue';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    roles?: Role[];
    title?: string;
  }
}

const staff: Role[] = ['admin', 'supervisor', 'judge', 'clerk'];

// Editors (bpmn-js modeler, form-js editor, dmn-js) are large: each is a lazy route with its own chunk.
const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('@/features/auth/views/LoginView.vue'), meta: { public: true } },
  { path: '/status', component: () => import('@/features/public-status/views/PublicStatusView.vue'), meta: { public: true } },
  {
    path: '/',
    component: AppShell,
    children: [
      { path: '', redirect: () => ({ path: homeFor() }) },
      { path: 'inbox', component: () => import('@/features/inbox/views/InboxView.vue'), meta: { roles: staff, title: 'menu.inbox' } },
      { path: 'tasks/:key', component: () => import('@/features/inbox/views/TaskView.vue'), meta: { roles: staff, title: 'menu.inbox' } },
      { path: 'cases', component: () => import('@/features/cases/views/CaseListView.vue'), meta: { roles: staff, title: 'menu.cases' } },
      { path: 'cases/:id', component: () => import('@/features/cases/views/CaseView.vue'), meta: { roles: staff, title: 'menu.cases' } },
      { path: 'timers', component: () => import('@/features/timers/views/TimersView.vue'), meta: { roles: staff, title: 'menu.timers' } },
      { path: 'leads', component: () => import('@/features/leads/views/LeadFormView.vue'), meta: { roles: [...staff, 'hotline'], title: 'menu.leads' } },
      { path: 'dashboard', component: () => import('@/features/monitoring/views/DashboardView.vue'), meta: { roles: ['supervisor', 'admin'], title: 'menu.dashboard' } },
      { path: 'heatmap', component: () => import('@/features/monitoring/views/HeatmapView.vue'), meta: { roles: ['supervisor', 'admin'], title: 'menu.heatmap' } },
      { path: 'incidents', component: () => import('@/features/monitoring/views/IncidentsView.vue'), meta: { roles: ['supervisor', 'admin'], title: 'menu.incidents' } },
      { path: 'modeler', component: () => import('@/features/modeler/views/ModelerView.vue'), meta: { roles: ['admin'], title: 'menu.modeler' } },
      { path: 'forms', component: () => import('@/features/modeler/views/FormEditorView.vue'), meta: { roles: ['admin'], title: 'menu.forms' } },
      { path: 'dmn', component: () => import('@/features/modeler/views/DmnEditorView.vue'), meta: { roles: ['admin'], title: 'menu.dmn' } },
      { path: 'admin/users', component: () => import('@/features/admin/views/UsersView.vue'), meta: { roles: ['admin'], title: 'admin.menu.users' } },
      { path: 'admin/audit', component: () => import('@/features/admin/views/AuditView.vue'), meta: { roles: ['admin', 'supervisor'], title: 'admin.menu.audit' } },
      { path: 'admin/holidays', component: () => import('@/features/admin/views/HolidaysView.vue'), meta: { roles: ['admin'], title: 'admin.menu.holidays' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

/** The first page a user sees: the hotline records leads, everyone else starts at their inbox. */
function homeFor(): string {
  const auth = useAuthStore();
  if (auth.hasRole('admin', 'supervisor', 'judge', 'clerk')) return '/inbox';
  if (auth.hasRole('hotline')) return '/leads';
  return '/login';
}

export const router = createRouter({ history: createWebHistory('/'), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const auth = useAuthStore();
  await auth.restore();
  if (!auth.user) return { path: '/login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  if (to.meta.roles && !auth.hasRole(...to.meta.roles)) return { path: homeFor() === to.path ? '/login' : homeFor() };
  return true;
});
