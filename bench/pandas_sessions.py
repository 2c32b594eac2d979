"""The session and campaign reports in pandas, as a Python data pipeline would compute them: a figure to
compare with.

Usage: python3 pandas_sessions.py HTTP_LOG CAMPAIGN_REWARD_MAPPING

The log is read whole into a DataFrame (read_csv with a space separator and no header, then to_datetime).
The definitions are those of src/reports/session-steps.sql: per user, requests ordered by time then file
order; a gap of at least 300 s starts a session; a view is exactly GET /campaigns/<1-19 digits>, an issue
exactly POST /rewards/<1-19 digits> (ids a bigint holds); an issue of reward R is driven when the session
has a view of a campaign C at or before it (by time) and (C, R) is in the mapping, whose repeated rows
count once. Campaign performance (campaign-totals.sql) adds up, per campaign, its views, viewers, sessions
with a view, the issues it drove and the sessions where it drove one.

Vectorized throughout: one sort, groupby().diff() and cumsum for the sessions, merges and groupby
aggregates for the rest, and each session's lists cut from sorted arrays at the session boundaries; no
function runs per group.

Prints one JSON line: seconds per phase, counts, and the fingerprint of bench/scale/fingerprint.ts
(computed after the clock stops) to check against perx and DuckDB.
"""

import hashlib
import json
import sys
import time

import numpy as np
import pandas as pd

GAP = pd.Timedelta(seconds=300)
BIGINT_MAX = "9223372036854775807"


def read_log(path):
    log = pd.read_csv(
        path,
        sep=" ",
        header=None,
        names=["timestamp", "http_method", "http_path", "user_id"],
        dtype={"http_method": str, "http_path": str, "user_id": str},
        quoting=3,  # csv.QUOTE_NONE: the log has no quoting
    )
    log["timestamp"] = pd.to_datetime(log["timestamp"], utc=True)
    log["line"] = np.arange(1, len(log) + 1)
    return log


def path_ids(paths, prefix):
    """Per distinct path: its id when it is exactly prefix<1-19 digits> with a value a bigint holds, else -1."""
    paths = pd.Series(paths, dtype=object)
    digits = paths.str.slice(len(prefix))
    valid = (
        paths.str.startswith(prefix)
        & digits.str.fullmatch("[0-9]{1,19}")
        # 19 digits compare as text like numbers: at most bigint's largest value.
        & (digits.str.len().lt(19) | digits.le(BIGINT_MAX))
    ).to_numpy()
    ids = np.full(len(paths), -1, dtype="int64")
    # Converted from the valid strings only: a column with gaps would pass through float64.
    ids[valid] = digits[valid].astype("int64").to_numpy()
    return ids


def ids_of(log, path_code, paths, method, prefix):
    """Which rows are exactly `method prefix<digits>` (see path_ids), and an id per row (-1 where not one)."""
    ids = path_ids(paths, prefix)[path_code]
    mask = log["http_method"].eq(method).to_numpy() & (ids >= 0)
    return mask, ids


def sessionize(log, mapping):
    # Users as integer codes: grouping needs only their identity, and integers sort faster than strings.
    user_code, users = pd.factorize(log["user_id"])
    # UTC instants as datetime64: the time zone-aware column would turn into Timestamp objects.
    instants = log["timestamp"].dt.tz_convert(None).to_numpy()
    order = np.lexsort((log["line"].to_numpy(), instants, user_code))
    ordered = pd.DataFrame({"user": user_code[order], "timestamp": instants[order]})

    # A session starts at a user's first request and after every gap of at least GAP.
    gap = ordered.groupby("user", sort=False)["timestamp"].diff()
    starts = (gap.isna() | gap.ge(GAP)).to_numpy()
    session = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    last = np.append(first[1:], len(ordered)) - 1
    times = ordered["timestamp"].to_numpy()

    # Classified in file order, then put in session order: the strings themselves are never reordered. A log
    # repeats a few thousand paths, so each distinct path is classified once.
    path_code, paths = pd.factorize(log["http_path"])
    views, campaign_ids = (values[order] for values in ids_of(log, path_code, paths, "GET", "/campaigns/"))
    issues, reward_ids = (values[order] for values in ids_of(log, path_code, paths, "POST", "/rewards/"))
    campaign_ids = campaign_ids[views]
    reward_ids = reward_ids[issues]
    view = pd.DataFrame(
        {"session": session[views], "user": ordered["user"].to_numpy()[views], "campaign_id": campaign_ids, "at": times[views]}
    )
    issue = pd.DataFrame({"session": session[issues], "reward_id": reward_ids, "at": times[issues]})

    # Per session and campaign: its views and the first of them; the issues each such view drove.
    campaign_session = view.groupby(["session", "campaign_id"], as_index=False).agg(
        user=("user", "first"), views=("at", "size"), first_viewed_at=("at", "min")
    )
    driven_issue = issue.merge(mapping, on="reward_id").merge(campaign_session, on=["session", "campaign_id"])
    driven_issue = driven_issue[driven_issue["first_viewed_at"].le(driven_issue["at"])]
    driven_count = driven_issue.groupby(["session", "campaign_id"], as_index=False).size()
    facts = campaign_session.merge(driven_count, on=["session", "campaign_id"], how="left")
    facts["driven_issues"] = facts["size"].fillna(0).astype("int64")
    campaigns = (
        facts.assign(driven=facts["driven_issues"].gt(0))
        .groupby("campaign_id")
        .agg(
            views=("views", "sum"),
            unique_viewers=("user", "nunique"),
            sessions_with_view=("session", "size"),
            driven_issues=("driven_issues", "sum"),
            driven_sessions=("driven", "sum"),
        )
        .reset_index()
    )
    campaigns["conversion"] = (campaigns["driven_sessions"] / campaigns["sessions_with_view"]).round(4)

    # Each session's lists: the views and issues are in session order already, so each session's ids are a
    # slice of one array, cut where the session number changes.
    sessions = pd.DataFrame(
        {
            "user_id": np.asarray(users)[ordered["user"].to_numpy()[first]],
            "session_start": pd.DatetimeIndex(times[first], tz="UTC"),
            "session_end": pd.DatetimeIndex(times[last], tz="UTC"),
        }
    )
    sessions["campaigns"] = lists_per_session(len(first), session[views], campaign_ids)
    sessions["rewards_issued"] = lists_per_session(len(first), session[issues], reward_ids)
    driven = np.zeros(len(first), dtype=bool)
    driven[driven_issue["session"].to_numpy()] = True
    sessions["reward_driven_by_campaign_view"] = driven
    return sessions, campaigns


def lists_per_session(count, sessions_of, ids):
    """The ids of each of `count` sessions, from ids grouped by their (ascending) session number."""
    cuts = np.searchsorted(sessions_of, np.arange(count + 1))
    return [ids[cuts[i] : cuts[i + 1]] for i in range(count)]


def row_hash(text):
    return int(hashlib.md5(text.encode()).hexdigest()[:15], 16)


def micros(column):
    return (column.astype("int64") // 1000).tolist()


def fingerprint(sessions, campaigns):
    """bench/scale/fingerprint.ts: row counts and the sum of each row's hash."""
    session_sum = sum(
        row_hash(
            f"{user}|{start}|{end}|{','.join(map(str, viewed))}|{','.join(map(str, issued))}|{int(driven)}"
        )
        for user, start, end, viewed, issued, driven in zip(
            sessions["user_id"],
            micros(sessions["session_start"]),
            micros(sessions["session_end"]),
            sessions["campaigns"],
            sessions["rewards_issued"],
            sessions["reward_driven_by_campaign_view"],
        )
    )
    columns = ["campaign_id", "views", "unique_viewers", "sessions_with_view", "driven_issues", "driven_sessions"]
    campaign_sum = sum(row_hash("|".join(str(int(value)) for value in row)) for row in campaigns[columns].itertuples(index=False))
    return {
        "sessions": {"rows": len(sessions), "sum": str(session_sum)},
        "campaigns": {"rows": len(campaigns), "sum": str(campaign_sum)},
    }


def main():
    log_path, mapping_path = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    log = read_log(log_path)
    mapping = pd.read_csv(mapping_path, dtype="int64").drop_duplicates()
    loaded = time.perf_counter()
    sessions, campaigns = sessionize(log, mapping)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "seconds": {"load": loaded - started, "sessions": done - loaded},
                "requests": int(len(log)),
                "sessions": int(len(sessions)),
                "drivenSessions": int(sessions["reward_driven_by_campaign_view"].sum()),
                "fingerprint": fingerprint(sessions, campaigns),
                "pandas": pd.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
