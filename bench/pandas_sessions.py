"""The session report in pandas, as a Python data pipeline would compute it: the figure to compare with.

Usage: python3 pandas_sessions.py HTTP_LOG CAMPAIGN_REWARD_MAPPING

The log is read whole into a DataFrame, the way the earlier Python version of this project read it
(read_csv with a space separator and no header, then to_datetime). The sessions follow the definition of
src/reports/README.md ("C. Sessions"): per user, requests ordered by time then file order; a gap of at
least 300 s starts a session; a view is exactly GET /campaigns/<1-19 digits>, an issue exactly
POST /rewards/<1-19 digits> (ids a bigint holds); an issue of reward R is driven when the session has a view of a campaign C
at or before it and (C, R) is in the mapping. Vectorized throughout (sort, diff, cumsum, merges), which is
as fast as pandas goes; a row loop would take hours on millions of lines.

Prints one JSON line: seconds per phase, and counts to check against the other engines.
"""

import json
import sys
import time

import pandas as pd

GAP = pd.Timedelta(seconds=300)


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
    log["line"] = range(1, len(log) + 1)
    return log


def sessionize(log, mapping):
    log = log.sort_values(["user_id", "timestamp", "line"], kind="stable", ignore_index=True)
    new_user = log["user_id"].ne(log["user_id"].shift())
    gap = log["timestamp"].diff() >= GAP
    log["session"] = (new_user | gap).cumsum()

    # 1 to 19 digits that a bigint holds (19 digits compare as text like numbers).
    views = (
        log["http_method"].eq("GET")
        & log["http_path"].str.fullmatch(r"/campaigns/[0-9]{1,19}")
        & (log["http_path"].str.len().lt(30) | log["http_path"].str.slice(11).le("9223372036854775807"))
    )
    issues = (
        log["http_method"].eq("POST")
        & log["http_path"].str.fullmatch(r"/rewards/[0-9]{1,19}")
        & (log["http_path"].str.len().lt(28) | log["http_path"].str.slice(9).le("9223372036854775807"))
    )
    log["campaign_id"] = pd.to_numeric(log["http_path"].str.slice(11).where(views), errors="coerce").astype("Int64")
    log["reward_id"] = pd.to_numeric(log["http_path"].str.slice(9).where(issues), errors="coerce").astype("Int64")

    # Per session and campaign, its first view; per session and issued reward, the first view of any
    # campaign that maps to it: the issues at or after that moment are driven.
    first_view = (
        log.loc[views, ["session", "campaign_id", "timestamp"]]
        .groupby(["session", "campaign_id"], as_index=False)["timestamp"]
        .min()
        .rename(columns={"timestamp": "first_viewed_at"})
    )
    issued = log.loc[issues, ["session", "reward_id"]].drop_duplicates()
    driven_from = (
        issued.merge(mapping, on="reward_id")
        .merge(first_view, on=["session", "campaign_id"])
        .groupby(["session", "reward_id"], as_index=False)["first_viewed_at"]
        .min()
    )
    issue_rows = log.loc[issues, ["session", "reward_id", "timestamp"]].merge(
        driven_from, on=["session", "reward_id"], how="left"
    )
    issue_rows = issue_rows[issue_rows["timestamp"] >= issue_rows["first_viewed_at"]]

    grouped = log.groupby("session")
    sessions = pd.DataFrame(
        {
            "user_id": grouped["user_id"].first(),
            "session_start": grouped["timestamp"].min(),
            "session_end": grouped["timestamp"].max(),
        }
    )
    sessions["campaigns"] = log.loc[views].groupby("session")["campaign_id"].agg(list)
    sessions["rewards_issued"] = log.loc[issues].groupby("session")["reward_id"].agg(list)
    sessions["driven_rewards"] = issue_rows.groupby("session")["reward_id"].agg(list)
    sessions["reward_driven_by_campaign_view"] = sessions["driven_rewards"].notna()
    return sessions


def main():
    log_path, mapping_path = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    log = read_log(log_path)
    mapping = pd.read_csv(mapping_path, dtype="Int64").drop_duplicates()
    loaded = time.perf_counter()
    sessions = sessionize(log, mapping)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "seconds": {"load": loaded - started, "sessions": done - loaded},
                "requests": int(len(log)),
                "sessions": int(len(sessions)),
                "drivenSessions": int(sessions["reward_driven_by_campaign_view"].sum()),
                "pandas": pd.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
