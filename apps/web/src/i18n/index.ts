import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ADMIN_AR, ADMIN_EN } from './admin';
import { AUDIT_AR, AUDIT_EN } from './audit';
import { CASEWORK_AR, CASEWORK_EN } from './casework';
import { ERRORS_AR, ERRORS_EN } from './errors';
import { FIELD_ERRORS_AR, FIELD_ERRORS_EN } from './field-errors';
import { INTAKE_AR, INTAKE_EN } from './intake';
import { AR, EN } from './messages';

export type Language = 'ar' | 'en';
export const LANGUAGE_KEY = 'referral-desk.language';

/** Arabic first: the stored choice, else Arabic. Only the language is stored, nothing about a case. */
export function initialLanguage(): Language {
  return globalThis.localStorage?.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'ar';
}

void i18n.use(initReactI18next).init({
  resources: {
    ar: {
      translation: { ...AR, admin: ADMIN_AR, audit: AUDIT_AR, intake: INTAKE_AR, casework: CASEWORK_AR, apiErrors: ERRORS_AR, fieldErrors: FIELD_ERRORS_AR },
    },
    en: {
      translation: { ...EN, admin: ADMIN_EN, audit: AUDIT_EN, intake: INTAKE_EN, casework: CASEWORK_EN, apiErrors: ERRORS_EN, fieldErrors: FIELD_ERRORS_EN },
    },
  },
  lng: initialLanguage(),
  fallbackLng: 'ar',
  interpolation: { escapeValue: false },
});

/** Switches the language and the document's direction, keeping the current page. */
export function applyLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  globalThis.localStorage?.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  document.documentElement.dir = language === 'ar' ? 'rtl' : 'ltr';
  document.title = i18n.t('app.name');
}

export default i18n;
