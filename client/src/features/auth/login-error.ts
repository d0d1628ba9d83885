import { httpStatusOf } from '../offline/send-failure.js';

/** Said when a login gets no answer from the server (not its own words: there are none). */
export const NO_ANSWER =
  'The server did not answer: check the tablet’s Wi-Fi and try again. Entries charted on this tablet are kept.';

/**
 * What a failed login or unlock says. The server's own refusals keep their words (a wrong password,
 * too many attempts); without an answer from it (no network, a gateway's error page) the browser's
 * "Failed to fetch" told a nurse nothing, so the page says what to do.
 */
export function loginErrorText(error: { message: string }): string {
  return httpStatusOf(error) === undefined ? NO_ANSWER : error.message;
}
