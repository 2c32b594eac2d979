/**
 * One name and one definition per measure the pages show, for their labels and tooltips; the README's
 * glossary says the same. Per campaign, a measure counts only that campaign's views and the issues of
 * the rewards it contains.
 */
export const measures = {
  sessions: {
    label: 'Sessions',
    definition: "a user's requests with gaps under the session gap; a gap of it or more starts a new one",
  },
  drivenSessions: {
    label: 'Driven sessions',
    definition:
      'sessions in which a reward was issued at or after a view, in the same session, of a campaign containing it',
  },
  drivenShare: {
    label: 'Driven share',
    definition: 'driven sessions ÷ all sessions',
  },
  sessionsWithView: {
    label: 'Sessions with a view',
    definition: 'sessions with at least one view of the campaign',
  },
  drivenIssues: {
    label: 'Driven issues',
    definition:
      "issues of the campaign's rewards at or after the session's first view of it; an issue two campaigns drove counts for both",
  },
  conversion: {
    label: 'Conversion',
    definition: 'driven sessions ÷ sessions with a view, per campaign',
  },
} as const;
