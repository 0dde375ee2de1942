import { createRouter, createWebHistory } from 'vue-router';

/**
 * The URLs the API serves this app at (apps/api/src/pages). Every view is its own chunk: the phone pages never
 * load the console's Element Plus, and the console never loads Vant.
 */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./views/phone/HomeView.vue'), meta: { title: 'home.title' } },
    {
      path: '/cohorts/:cohortId(\\d+)/apply/student', name: 'apply-student',
      component: () => import('./views/phone/StudentApplyView.vue'), meta: { title: 'apply.student.title' },
    },
    {
      path: '/cohorts/:cohortId(\\d+)/apply/mentor', name: 'apply-mentor',
      component: () => import('./views/phone/MentorApplyView.vue'), meta: { title: 'apply.mentor.title' },
    },
    { path: '/check-in', name: 'check-in', component: () => import('./views/phone/CheckInView.vue'), meta: { title: 'checkIn.title' } },
    { path: '/me', name: 'me', component: () => import('./views/phone/MeView.vue'), meta: { title: 'me.title' } },
    { path: '/admin', name: 'admin', component: () => import('./views/admin/AdminView.vue'), meta: { title: 'admin.title' } },
    { path: '/admin/sign-in', name: 'admin-sign-in', component: () => import('./views/admin/AdminView.vue'), meta: { title: 'admin.title' } },
    { path: '/:unknown(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: 'common.notFound.title' } },
  ],
});

