export * from './deadline';
export * from './lifecycle';
