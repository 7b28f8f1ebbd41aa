export { arabicSearchKey, CROSS_SCRIPT_SIMILARITY, latinSearchKey, nameSkeleton } from './name-keys';
