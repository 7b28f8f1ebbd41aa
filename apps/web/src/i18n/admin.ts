import type { Shape } from './messages';

/** The administrator's screens: units and centres, users. */
export const ADMIN_AR = {
  units: { title: 'الوحدات والمراكز' },
  users: { title: 'المستخدمون' },
};

export const ADMIN_EN: Shape<typeof ADMIN_AR> = {
  units: { title: 'Units and centres' },
  users: { title: 'Users' },
};
