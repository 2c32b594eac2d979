import { html } from 'hono/html';
import type { Html } from '../html.js';
import { queryString } from './downloads.js';

/**
 * Labelled controls of a filter form. Values are the request's own text, shown back as typed even when
 * invalid, so the message above the form and the field that caused it can be read together.
 */

const timeZoneNames: readonly string[] = [
  'UTC',
  ...Intl.supportedValuesOf('timeZone').filter((name) => name !== 'UTC'),
];

export function textField(props: {
  name: string;
  label: string;
  value: string | undefined;
  placeholder?: string;
  inputMode?: 'numeric' | 'text';
  size?: number;
}): Html {
  return html`<label class="field"
    >${props.label}
    <input
      type="text"
      name="${props.name}"
      value="${props.value ?? ''}"
      placeholder="${props.placeholder ?? ''}"
      inputmode="${props.inputMode ?? 'text'}"
      size="${props.size ?? 16}"
      autocomplete="off"
      spellcheck="false"
  /></label>`;
}

/**
 * A date picker; a value with a time of day (from a shared link) gets a date-and-time picker instead,
 * so it is shown rather than dropped.
 */
export function dateField(props: { name: string; label: string; value: string | undefined }): Html {
  const value = props.value ?? '';
  const withTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value);
  const looksValid = value === '' || /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$/.test(value);
  // A browser empties a date input whose value it cannot read; a malformed value stays visible as text.
  const type = !looksValid ? 'text' : withTime ? 'datetime-local' : 'date';
  return html`<label class="field"
    >${props.label}
    <input
      type="${type}"
      name="${props.name}"
      value="${value.replace(' ', 'T')}"
      ${type === 'datetime-local' ? html`step="1"` : ''}
  /></label>`;
}

export function timeZoneField(value: string | undefined, configured: string): Html {
  return html`<label class="field"
      >Time zone
      <input
        type="text"
        name="tz"
        value="${value ?? ''}"
        placeholder="${configured}"
        list="time-zones"
        size="18"
        autocomplete="off"
        spellcheck="false"
    /></label>
    <datalist id="time-zones">
      ${timeZoneNames.map((name) => html`<option value="${name}"></option>`)}
    </datalist>`;
}

export function selectField(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
}): Html {
  const value = props.value ?? '';
  // A value from a shared link that the list does not offer is still shown as the one in force.
  const options = props.options.some((option) => option.value === value)
    ? props.options
    : [...props.options, { value, label: value }];
  return html`<label class="field"
    >${props.label}
    <select name="${props.name}">
      ${options.map(
        (option) =>
          html`<option value="${option.value}" ${option.value === value ? html`selected` : ''}>
            ${option.label}
          </option>`,
      )}
    </select></label
  >`;
}

export function checkboxField(props: { name: string; label: string; checked: boolean }): Html {
  return html`<label class="field checkbox"
    ><input type="checkbox" name="${props.name}" value="true" ${props.checked ? html`checked` : ''} />
    ${props.label}</label
  >`;
}

/**
 * The form itself: a plain GET to the page, so it works without script and lands in the URL. The page a
 * drill-down came from (`back`) travels along, so applying or resetting filters keeps the breadcrumbs.
 */
export function filterForm(props: {
  action: string;
  label: string;
  fields: Html[];
  back?: string | undefined;
  hidden?: Record<string, string | undefined>;
}): Html {
  const hidden = Object.entries({ ...props.hidden, back: props.back }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
  );
  return html`<form class="filters" method="get" action="${props.action}" aria-label="${props.label}">
    ${props.fields}
    ${hidden.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    <button type="submit">Apply</button>
    <a class="button secondary" href="${props.action}${queryString({ back: props.back })}">Reset</a>
  </form>`;
}
