#!/usr/bin/env python3
"""Write a synthetic cairn workspace for benchmarks.

    python3 bench/gen.py OUT_DIR --tasks N [--seed S] [--people 20] [--projects 10]
                         [--edges E] [--git COMMITS] [--force]

Writes `cairn.yaml`, `projects/`, `tasks/<project>/`, `meetings/`, `decisions/` and
`docs/spec.md` under OUT_DIR. The output depends only on the arguments (not on the
machine, the clock or `--git`). Checked against `--today 2026-11-28` the workspace has
no errors from the file-format rules; schedule rules (at-risk milestones, over-capacity
weeks, will-miss-due) may still fire, as they would on a real plan.

With `--git COMMITS` OUT_DIR also becomes a git repository whose first-parent history of
COMMITS commits (2026-06-01 to 2026-11-27, fixed author and committer) grows the
workspace: tasks appear when they were created, move todo -> doing (-> review) -> done or
cancelled at the times their front matter implies, decisions get superseded, meetings
appear on their dates. The last commit's tree equals the generated workspace.

Standard library only (Python 3.11+).
"""

import argparse
import bisect
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

TODAY = dt.date(2026, 11, 28)
TODAY_ORD = TODAY.toordinal()
DAY = 86400
EPOCH_ORD = dt.date(1970, 1, 1).toordinal()
START_TS = int(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone.utc).timestamp())
END_TS = int(dt.datetime(2026, 11, 27, 18, 0, tzinfo=dt.timezone.utc).timestamp())
SPAN = END_TS - START_TS
HOURS_PER_DAY = 8

_ISO = {}


def iso(ordinal):
    s = _ISO.get(ordinal)
    if s is None:
        s = _ISO[ordinal] = dt.date.fromordinal(ordinal).isoformat()
    return s


def ts_ord(ts):
    return EPOCH_ORD + ts // DAY


def ord_ts(ordinal, hour=12):
    return (ordinal - EPOCH_ORD) * DAY + hour * 3600


def is_workday(ordinal):
    return dt.date.fromordinal(ordinal).weekday() < 5


def fmt_num(x):
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def fmt_effort(hours):
    if hours < HOURS_PER_DAY:
        return f"{max(1, round(hours))}h"
    return fmt_num(round(hours / HOURS_PER_DAY * 2) / 2) + "d"


_SLUGS = {}


def slugify(text, max_words=6):
    s = _SLUGS.get((text, max_words))
    if s is None:
        s = _SLUGS[(text, max_words)] = _slugify(text, max_words)
    return s


def _slugify(text, max_words):
    words = []
    for w in text.lower().split()[:max_words]:
        w = "".join(c for c in w if c.isalnum())
        if w:
            words.append(w)
    return "-".join(words) or "item"


# --- vocabulary -------------------------------------------------------------------------

FIRST = [
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
    "karl", "lena", "mallory", "nina", "oscar", "peggy", "quinn", "rupert", "sybil", "trent",
    "uma", "victor", "wendy", "xavier", "yara", "zoe", "amir", "bea", "chen", "dara",
    "emeka", "fatima", "goran", "hana", "ines", "jonas", "kiri", "lars", "mei", "nadia",
]
LAST = [
    "Chen", "Okafor", "Schmidt", "Garcia", "Novak", "Tanaka", "Haddad", "Larsen", "Rossi",
    "Kowalski", "Singh", "Moreau", "Silva", "Nguyen", "Berg", "Ivanova", "Costa", "Murphy",
    "Yilmaz", "Fischer", "Dubois", "Ahmed", "Lindqvist", "Petrov",
]
PROJECT_TITLES = [
    "Website relaunch", "Billing migration", "Mobile app", "Data platform", "Customer portal",
    "Search revamp", "Onboarding flow", "Internal tools", "Security hardening",
    "Partner API", "Analytics dashboards", "Support desk", "Checkout redesign",
    "Infrastructure upgrade", "Localization", "Design system",
]
MILESTONES = [
    ("discovery", "Discovery complete"),
    ("alpha", "Alpha release"),
    ("beta", "Public beta"),
    ("launch", "General availability"),
]
GOALS = [
    ("conversion", "Checkout conversion", "%", 2.1, 3.5),
    ("p95-latency", "p95 API latency", "ms", 480, 200),
    ("nps", "Net promoter score", "points", 18, 35),
    ("signups", "Weekly sign-ups", "users", 1200, 2000),
    ("tickets", "Support tickets per week", "tickets", 340, 200),
    ("uptime", "Monthly uptime", "%", 99.5, 99.95),
    ("activation", "Day-7 activation", "%", 31, 45),
    ("build-time", "CI build time", "min", 24, 10),
]
VERBS = [
    "Add", "Fix", "Migrate", "Refactor", "Document", "Design", "Review", "Test", "Deploy",
    "Update", "Remove", "Investigate", "Automate", "Improve", "Draft", "Measure", "Benchmark",
    "Localize", "Harden", "Simplify", "Prototype", "Split", "Rewrite", "Monitor",
]
OBJECTS = [
    "login page", "billing webhooks", "search index", "checkout form", "email templates",
    "user settings", "audit log", "CSV export", "password reset", "invoice PDF",
    "onboarding wizard", "rate limiter", "feature flags", "error pages", "sitemap",
    "image uploads", "notification service", "session handling", "API pagination",
    "admin dashboard", "pricing table", "cache layer", "database indexes", "release notes",
    "health checks", "access control", "payment retries", "mobile navigation",
    "translation files", "deployment pipeline", "backup job", "usage metrics",
]
AREAS = [
    "", "", "", " for enterprise accounts", " on mobile", " in the EU region", " for partners",
    " before launch", " for the beta", " in staging",
]
TAGS = [
    "frontend", "backend", "api", "infra", "ux", "security", "docs", "perf", "data",
    "mobile", "billing", "qa", "tech-debt", "a11y",
]
SENTENCES = [
    "The current behaviour confuses users and generates support tickets.",
    "This blocks the next milestone until it is done.",
    "Keep the change small and behind a feature flag.",
    "Coordinate with the platform team before deploying.",
    "Measure before and after so we can tell whether it helped.",
    "The old implementation predates the new architecture.",
    "Customers asked for this in the last two quarterly reviews.",
    "Scope is limited to the web client for now.",
    "We agreed on the approach in the last planning meeting.",
    "Edge cases around time zones need explicit tests.",
    "Follow the conventions in the style guide.",
    "Expect some back and forth with design on the details.",
]
CHECK_ITEMS = [
    "Write the design note", "Implement the change", "Add unit tests", "Add an end-to-end test",
    "Update the documentation", "Review with the team", "Deploy to staging",
    "Verify in staging", "Deploy to production", "Announce in the changelog",
    "Clean up the old code path", "Check the metrics dashboard",
]
COMMENTS = [
    "Started on this, first draft is up for review.",
    "Blocked on access to the staging database.",
    "Looks good to me, one small comment inline.",
    "Can we split this into two smaller tasks?",
    "Moved the deadline after talking to the customer.",
    "Done on my side, waiting for QA.",
    "I think the estimate is too low.",
    "Pairing on this tomorrow morning.",
    "Found a related bug, filed it separately.",
    "Benchmarks look fine, no regression.",
]
SERIES = [
    ("weekly-sync", "weekly sync"), ("planning", "planning"), ("retro", "retrospective"),
    ("design-review", "design review"), ("steering", "steering committee"),
]
AGENDA = [
    "Status of the current milestone", "Risks and blockers", "Budget review",
    "Customer feedback", "Hiring update", "Release checklist", "Open decisions",
    "Metrics review", "Dependencies on other teams",
]
ACTIONS = [
    "Draft the rollout plan", "Send the summary to stakeholders", "Update the risk register",
    "Book a session with design", "Prepare the demo", "Collect the customer feedback",
    "Estimate the remaining work", "Check the budget numbers", "Write the migration guide",
    "Review the test plan",
]
DECISION_TOPICS = [
    ("a message queue", ["RabbitMQ", "Kafka", "SQS", "NATS"]),
    ("a database", ["Postgres", "MySQL", "SQLite", "CockroachDB"]),
    ("a CSS approach", ["Tailwind", "CSS modules", "Vanilla extract"]),
    ("a hosting provider", ["Fly", "Render", "Hetzner", "AWS"]),
    ("a release cadence", ["Weekly", "Biweekly", "Monthly"]),
    ("an auth provider", ["Auth0", "Keycloak", "Cognito", "In-house"]),
    ("a search engine", ["Meilisearch", "Elasticsearch", "Typesense"]),
    ("a charting library", ["Vega", "ECharts", "Chart.js", "D3"]),
    ("an error tracker", ["Sentry", "Rollbar", "Bugsnag"]),
    ("a feature flag service", ["LaunchDarkly", "Unleash", "Flagsmith", "In-house"]),
]
CRITERIA = ["cost", "speed", "risk", "maintainability", "usability", "security", "scalability"]
OPTION_NOTES = [
    "Mature and widely used", "Cheapest to run", "Team already knows it",
    "Needs a spike first", "Vendor lock-in", "Best documentation", "Self-hosted",
]
HOLIDAYS = [
    "2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01", "2027-03-26", "2027-03-29",
    "2027-05-06", "2027-05-17", "2027-12-24", "2027-12-27",
]
SPEC_MD = """# Product specification

The shared reference that tasks link to.

## API

Endpoints, payloads and error codes.

## Data model

Entities, fields and retention.

## Rollout

Feature flags, staged rollout and the rollback plan.
"""

# --- model ------------------------------------------------------------------------------

CAT_RANK = {"todo": 0, "doing": 1, "review": 1, "done": 2, "cancelled": -1}


class Task:
    __slots__ = (
        "n", "title", "slug", "project", "milestone", "assignees", "priority", "estimate",
        "est_h", "spent", "progress", "start", "due", "deps", "parent", "tags", "attach",
        "created_ts", "status", "states", "desc", "checklist", "link", "discussion", "path",
    )


class Project:
    __slots__ = ("id", "title", "owner", "team", "start", "due", "milestones", "goals",
                 "est_h", "tasks", "budget_factor")


def gen_people(rng, count):
    people = []
    for i in range(count):
        first = FIRST[i % len(FIRST)]
        pid = first if i < len(FIRST) else f"{first}{i // len(FIRST) + 1}"
        name = f"{first.capitalize()} {LAST[(i * 7 + i // len(FIRST)) % len(LAST)]}"
        capacity = rng.choice([1.0, 1.0, 1.0, 1.0, 0.8, 0.5])
        off = []
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            a = dt.date(2026, 11, 1).toordinal() + rng.randrange(180)
            if rng.random() < 0.3:
                off.append(iso(a))
            else:
                off.append(f"{iso(a)}..{iso(a + rng.randint(1, 12))}")
        people.append((pid, name, capacity, sorted(off)))
    return people


def gen_projects(rng, count, people):
    ids = [p[0] for p in people]
    team_size = min(len(ids), max(4, round(len(ids) / count * 1.5)))
    projects = []
    for k in range(1, count + 1):
        p = Project()
        p.id = f"p{k}"
        base = PROJECT_TITLES[(k - 1) % len(PROJECT_TITLES)]
        p.title = base if k <= len(PROJECT_TITLES) else f"{base} {k}"
        p.team = rng.sample(ids, team_size)
        p.owner = p.team[0]
        p.start = dt.date(2026, 5, 4).toordinal() + rng.randrange(28)
        nm = rng.choice([3, 4])
        ms = MILESTONES[4 - nm:]
        due = dt.date(2026, 12, 15).toordinal() + rng.randrange(45)
        p.milestones = []
        for mid, mtitle in ms:
            p.milestones.append((mid, mtitle, due))
            due += rng.randint(28, 60)
        p.due = p.milestones[-1][2] + rng.randint(0, 14)
        p.goals = []
        for gid, gtitle, unit, base_v, target in rng.sample(GOALS, rng.randint(1, 3)):
            cur = base_v + (target - base_v) * rng.uniform(0.0, 0.8)
            cur = round(cur, 2) if isinstance(base_v, float) or isinstance(target, float) else round(cur)
            p.goals.append((gid, gtitle, unit, base_v, target, cur))
        p.est_h = 0.0
        p.tasks = []
        projects.append(p)
    return projects


EST_CHOICES = [
    ("2h", 2), ("4h", 4), ("6h", 6), ("1d", 8), ("1d", 8), ("2d", 16), ("2d", 16), ("3d", 24),
    ("3d", 24), ("5d", 40), ("1w", 40), ("1.5w", 60), ("2w", 80), ("0.5d", 4),
]
PRIORITIES = ["low"] * 15 + ["normal"] * 55 + ["high"] * 22 + ["urgent"] * 8


def gen_tasks(rng, n_tasks, projects):
    tasks = []
    for i in range(n_tasks):
        t = Task()
        t.n = i + 1
        f = i / n_tasks
        t.created_ts = START_TS + int((i + rng.random()) / n_tasks * SPAN)
        created_ord = ts_ord(t.created_ts)
        p = projects[rng.randrange(len(projects))]
        t.project = p
        p.tasks.append(t)
        t.title = rng.choice(VERBS) + " " + rng.choice(OBJECTS) + rng.choice(AREAS)
        t.slug = slugify(t.title)
        t.path = f"tasks/{p.id}/T-{t.n}-{t.slug}.md"

        # Status and the times it changed (todo at creation).
        r = rng.random()
        p_done = 0.6 * (1 - f)
        states = [(t.created_ts, "todo")]
        if r < p_done:
            closed = t.created_ts + 3600 + int(rng.expovariate(1 / (12 * DAY)))
            if closed > END_TS:
                closed = t.created_ts + int((END_TS - t.created_ts) * rng.uniform(0.3, 1.0))
            doing = t.created_ts + int((closed - t.created_ts) * rng.uniform(0.05, 0.5))
            states.append((doing, "doing"))
            if rng.random() < 0.35:
                states.append((doing + int((closed - doing) * rng.uniform(0.5, 0.9)), "review"))
            states.append((closed, "done"))
        elif r < p_done + 0.03:
            states.append((t.created_ts + int((END_TS - t.created_ts) * rng.uniform(0.1, 0.9)),
                           "cancelled"))
        elif r < p_done + 0.13:
            doing = t.created_ts + int((END_TS - t.created_ts) * rng.uniform(0.1, 0.8))
            states.append((doing, "doing"))
            if rng.random() < 0.4:
                states.append((doing + int((END_TS - doing) * rng.uniform(0.3, 0.9)), "review"))
        t.states = states
        t.status = states[-1][1]
        done = t.status == "done"
        active = t.status in ("doing", "review")

        # People and planning fields.
        ra = rng.random()
        if ra < 0.9:
            t.assignees = [rng.choice(p.team)]
        elif ra < 0.98:
            t.assignees = rng.sample(p.team, min(2, len(p.team)))
        else:
            t.assignees = []
        t.priority = rng.choice(PRIORITIES)
        if rng.random() < 0.05:
            t.estimate, t.est_h = None, None
        else:
            t.estimate, t.est_h = rng.choice(EST_CHOICES)
            if t.status != "cancelled":
                p.est_h += t.est_h
        t.spent = None
        if t.est_h and ((done and rng.random() < 0.6) or (active and rng.random() < 0.5)):
            share = rng.uniform(0.6, 1.5) if done else rng.uniform(0.1, 0.8)
            t.spent = fmt_effort(t.est_h * share)
        t.progress = rng.randint(1, 18) * 5 if active and rng.random() < 0.5 else None
        t.milestone = None
        if rng.random() < 0.85:
            ms = p.milestones
            t.milestone = ms[max(0, min(len(ms) - 1, int(f * len(ms) + rng.uniform(-0.6, 0.6))))]
        t.due = None
        if rng.random() < 0.5:
            if done:
                t.due = ts_ord(states[-1][0]) + rng.randint(-5, 20)
            else:
                hi = t.milestone[2] if t.milestone else p.due
                lo = TODAY_ORD + 2
                t.due = lo + rng.randrange(max(1, min(hi, TODAY_ORD + 200) - lo + 1))
        if not t.assignees:
            t.milestone, t.due = None, None
        t.start = None
        if t.status == "todo" and rng.random() < 0.05:
            s = (t.due - rng.randint(0, 20)) if t.due else TODAY_ORD + rng.randint(3, 40)
            t.start = max(TODAY_ORD + 1, s)
            if t.due and t.start > t.due:
                t.start = t.due
        t.tags = rng.sample(TAGS, rng.choice([0, 1, 1, 2, 2, 3]))
        t.deps = []
        t.parent = None
        t.attach = rng.random() < 0.01

        # Body.
        t.desc = " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
        t.checklist = None
        if rng.random() < 0.4:
            items = rng.sample(CHECK_ITEMS, rng.randint(2, 5))
            if done:
                checked = len(items)
            elif active:
                checked = rng.randint(0, len(items) - 1)
            elif t.status == "cancelled":
                checked = rng.randint(0, len(items))
            else:
                checked = 1 if rng.random() < 0.1 else 0
            t.checklist = (items, checked)
        t.link = rng.random() < 0.03
        t.discussion = None
        if rng.random() < 0.2:
            lo = created_ord
            hi = max(lo, ts_ord(states[-1][0]) if done else TODAY_ORD - 1)
            people = p.team[:6]
            t.discussion = sorted(
                (lo + rng.randrange(hi - lo + 1), rng.choice(people), rng.choice(COMMENTS))
                for _ in range(rng.randint(1, 4)))
        tasks.append(t)
    return tasks


def gen_edges(rng, tasks, n_edges):
    """depends_on edges, always to a lower-numbered, non-cancelled task whose status is at
    least as far along (a done task only depends on done tasks, closed before it started)."""
    index_in_project = {}
    for p_tasks in {id(t.project): t.project.tasks for t in tasks}.values():
        for pos, t in enumerate(p_tasks):
            index_in_project[t.n] = pos
    seen = set()
    made = 0
    attempts = 0
    n = len(tasks)
    while made < n_edges and attempts < 30 * n_edges + 100 and n > 1:
        attempts += 1
        t = tasks[rng.randrange(1, n)]
        if len(t.deps) >= 6:
            continue
        if rng.random() < 0.85:
            pos = index_in_project[t.n]
            if pos == 0:
                continue
            d = t.project.tasks[pos - rng.randint(1, min(pos, 60))]
        else:
            d = tasks[rng.randrange(t.n - 1)]
        if d.status == "cancelled" or CAT_RANK[d.status] < CAT_RANK[t.status]:
            continue
        # Work on t started only after a finished dependency was done.
        if d.status == "done" and t.status != "todo" and d.states[-1][0] > t.states[1][0]:
            continue
        key = (t.n, d.n)
        if key in seen:
            continue
        seen.add(key)
        t.deps.append(d.n)
        made += 1
    for t in tasks:
        t.deps.sort()
    # Parents: a few tasks are sub-tasks of an earlier task in the same project.
    for t in tasks:
        if t.status == "cancelled" or rng.random() >= 0.03:
            continue
        pos = index_in_project[t.n]
        if pos == 0:
            continue
        par = t.project.tasks[pos - rng.randint(1, min(pos, 30))]
        if par.status == "cancelled" or (par.status == "done" and t.status != "done"):
            continue
        t.parent = par.n
    return made


# --- rendering --------------------------------------------------------------------------


def render_task(t, stage=None, upto=None):
    """The task file. With `stage` (an index into `t.states`), the version of it at that
    status change: before the last one it has no closed date, spent or progress and a less
    checked checklist. With `upto` (a date ordinal), only the discussion entries by then."""
    final = stage is None or stage == len(t.states) - 1
    status = t.status if final else t.states[stage][1]
    out = ["---", f"id: T-{t.n}", f"title: {t.title}", f"status: {status}",
           f"project: {t.project.id}"]
    if t.milestone:
        out.append(f"milestone: {t.milestone[0]}")
    if len(t.assignees) == 1:
        out.append(f"assignee: {t.assignees[0]}")
    elif t.assignees:
        out.append(f"assignee: [{', '.join(t.assignees)}]")
    if t.priority != "normal" or t.n % 2 == 0:
        out.append(f"priority: {t.priority}")
    if t.estimate:
        out.append(f"estimate: {t.estimate}")
    if final and t.spent:
        out.append(f"spent: {t.spent}")
    if final and t.progress is not None:
        out.append(f"progress: {t.progress}")
    if t.start:
        out.append(f"start: {iso(t.start)}")
    if t.due:
        out.append(f"due: {iso(t.due)}")
    if t.deps:
        out.append("depends_on: [" + ", ".join(f"T-{d}" for d in t.deps) + "]")
    if t.parent:
        out.append(f"parent: T-{t.parent}")
    if t.tags:
        out.append(f"tags: [{', '.join(t.tags)}]")
    if t.attach:
        out.append("attachments: [../../docs/spec.md]")
    out.append(f"created: {iso(ts_ord(t.created_ts))}")
    if status == "done":
        out.append(f"closed: {iso(ts_ord(t.states[-1][0]))}")
    out.append("---")
    out.append(t.desc)
    out.append("")
    if t.checklist:
        items, checked = t.checklist
        if not final:
            checked = 0 if status == "todo" else min(checked, len(items) // 2)
        for k, item in enumerate(items):
            out.append(f"- [{'x' if k < checked else ' '}] {item}")
        out.append("")
    if t.link:
        out.append("See the [specification](../../docs/spec.md#api) for the details.")
        out.append("")
    if t.discussion:
        entries = [e for e in t.discussion if upto is None or e[0] <= upto]
        if entries:
            out.append("## Discussion")
            out.append("")
            for d, who, text in entries:
                out.append(f"- {iso(d)} @{who}: {text}")
            out.append("")
    return "\n".join(out)


def render_project(p):
    out = ["---", f"id: {p.id}", f"title: {p.title}", f"owner: {p.owner}", "status: active",
           f"start: {iso(p.start)}", f"due: {iso(p.due)}",
           f"budget: {max(1, round(p.est_h / HOURS_PER_DAY * p.budget_factor))}d",
           "milestones:"]
    for mid, mtitle, due in p.milestones:
        out += [f"  - id: {mid}", f"    title: {mtitle}", f"    due: {iso(due)}"]
    out.append("goals:")
    for gid, gtitle, unit, base_v, target, cur in p.goals:
        out += [f"  - id: {gid}", f"    title: {gtitle}", f"    unit: \"{unit}\"",
                f"    baseline: {base_v}", f"    target: {target}", f"    current: {cur}"]
    out += ["---", f"# {p.title}", "",
            f"Objective: deliver the {p.title.lower()} by {iso(p.due)} within budget.", "",
            "## Scope", "", "- In: everything tracked under this project's milestones.",
            "- Out: unrelated maintenance work.", "",
            "## Risks", "", "- Key people are off over the holidays.",
            "- Depends on other teams for reviews.", "",
            "Details live in the [specification](../docs/spec.md).", ""]
    return "\n".join(out)


def render_config(people):
    out = ["name: Synthetic benchmark workspace", "task_prefix: T", "decision_prefix: D",
           "calendar:", "  workdays: [mon, tue, wed, thu, fri]", "  hours_per_day: 8",
           f"  holidays: [{', '.join(HOLIDAYS)}]", "default_estimate: 1d", "statuses:",
           "  todo: open", "  doing: active", "  review: active", "  done: done",
           "  cancelled: cancelled", "people:"]
    for pid, name, capacity, off in people:
        out += [f"  {pid}:", f"    name: {name}", f"    email: {pid}@example.com",
                f"    capacity: {capacity}"]
        if off:
            out.append(f"    time_off: [{', '.join(off)}]")
    out += ["rules:", "  missing-estimate: off", ""]
    return "\n".join(out)


def gen_meetings(rng, count, projects, tasks):
    """(ts, path, text) per meeting; action items only name tasks that exist by then."""
    created = [t.created_ts for t in tasks]
    meetings = []
    used = set()
    for k in range(count):
        ts = START_TS + int((k + rng.random()) / count * SPAN)
        day = ts_ord(ts)
        while not is_workday(day) and day < TODAY_ORD - 1:
            day += 1
        ts = ord_ts(day, 15)
        p = projects[rng.randrange(len(projects))]
        series, series_title = rng.choice(SERIES)
        attendees = rng.sample(p.team, min(len(p.team), rng.randint(3, 6)))
        stem = f"{iso(day)}-{series}-{p.id}"
        n = 2
        while stem in used:
            stem = f"{iso(day)}-{series}-{p.id}-{n}"
            n += 1
        used.add(stem)
        title = f"{p.title} {series_title}"
        known = bisect.bisect_right(created, ts)
        out = ["---", f"title: {title}", f"date: {iso(day)}", f"project: {p.id}",
               f"attendees: [{', '.join(attendees)}]", f"series: {series}",
               f"facilitator: {attendees[0]}", "---", f"# {title}", "", "## Agenda", ""]
        out += [f"- {a}" for a in rng.sample(AGENDA, rng.randint(2, 4))]
        out += ["", "## Notes", "", " ".join(rng.sample(SENTENCES, 2)), "",
                "## Action items", ""]
        for _ in range(rng.randint(2, 5)):
            who = rng.choice(attendees)
            text = rng.choice(ACTIONS)
            if known and rng.random() < 0.3:
                text += f" for T-{rng.randrange(known) + 1}"
            if rng.random() < 0.4:
                due = day + rng.randint(2, 21)
                out.append(f"- [x] @{who} {text} due:{iso(due)}")
            elif rng.random() < 0.8:
                out.append(f"- [ ] @{who} {text} due:{iso(TODAY_ORD + rng.randint(1, 90))}")
            else:
                out.append(f"- [ ] @{who} {text}")
        out.append("")
        meetings.append((ts, f"meetings/{stem}.md", "\n".join(out)))
    return meetings


def gen_decisions(rng, count, projects, tasks):
    """(ts, path, final_text, earlier) per decision; `earlier` is (ts_of_change, text before
    it) for a decision that a later one supersedes."""
    created = [t.created_ts for t in tasks]
    recs = []
    for k in range(1, count + 1):
        ts = START_TS + int((k - 1 + rng.random()) / count * SPAN)
        p = projects[rng.randrange(len(projects))]
        topic, names = rng.choice(DECISION_TOPICS)
        r = rng.random()
        status = ("accepted" if r < 0.6 else "proposed" if r < 0.8 else
                  "rejected" if r < 0.92 else "deprecated")
        criteria = [(c, rng.randint(1, 5)) for c in rng.sample(CRITERIA, rng.randint(2, 4))]
        options = []
        for name in rng.sample(names, rng.randint(2, len(names))):
            options.append((name, [rng.randint(1, 5) for _ in criteria], rng.choice(OPTION_NOTES)))
        wsum = sum(w for _, w in criteria)
        best = max(options, key=lambda o: sum(w * s for (_, w), s in zip(criteria, o[1])) / wsum)
        known = bisect.bisect_right(created, ts)
        rec = {
            "n": k, "ts": ts, "project": p, "title": f"Choose {topic} for {p.title.lower()}",
            "status": status, "criteria": criteria, "options": options,
            "chosen": (best[0] if rng.random() < 0.8 else rng.choice(options)[0])
            if status in ("accepted", "deprecated") else None,
            "due": TODAY_ORD + rng.randint(3, 45) if status == "proposed" else None,
            "deciders": rng.sample(p.team, min(len(p.team), rng.randint(1, 3))),
            "tasks": sorted({rng.randrange(known) + 1 for _ in range(rng.randint(0, 3))})
            if known else [],
            "supersedes": None, "superseded_at": None,
        }
        # Now and then an accepted decision replaces an earlier accepted one.
        if status == "accepted" and recs and rng.random() < 0.15:
            old = recs[rng.randrange(len(recs))]
            if old["status"] == "accepted" and old["superseded_at"] is None:
                old["status"] = "superseded"
                old["superseded_at"] = ts
                rec["supersedes"] = old["n"]
        recs.append(rec)
    out = []
    for rec in recs:
        path = f"decisions/D-{rec['n']}-{slugify(rec['title'], 8)}.md"
        earlier = None
        if rec["superseded_at"] is not None:
            earlier = (rec["superseded_at"], render_decision(rec, "accepted"))
        out.append((rec["ts"], path, render_decision(rec), earlier))
    return out


def render_decision(rec, status=None):
    status = status or rec["status"]
    day = ts_ord(rec["ts"])
    out = ["---", f"id: D-{rec['n']}", f"title: {rec['title']}", f"status: {status}",
           f"date: {iso(day)}"]
    if rec["due"]:
        out.append(f"due: {iso(rec['due'])}")
    out.append(f"deciders: [{', '.join(rec['deciders'])}]")
    out.append(f"project: {rec['project'].id}")
    if rec["supersedes"]:
        out.append(f"supersedes: D-{rec['supersedes']}")
    out.append("criteria:")
    out += [f"  {c}: {w}" for c, w in rec["criteria"]]
    out.append("options:")
    for name, scores, notes in rec["options"]:
        sc = ", ".join(f"{c}: {s}" for (c, _), s in zip(rec["criteria"], scores))
        out += [f"  - name: {name}", f"    scores: {{{sc}}}", f"    notes: {notes}"]
    if rec["chosen"]:
        out.append(f"chosen: {rec['chosen']}")
    if rec["tasks"]:
        out.append("tasks: [" + ", ".join(f"T-{n}" for n in rec["tasks"]) + "]")
    out += ["---", "## Context", "", " ".join(SENTENCES[(rec["n"] + i) % len(SENTENCES)]
                                              for i in range(2)), "",
            "## Consequences", "", "We revisit this if the assumptions above change.", ""]
    return "\n".join(out)


# --- writing ----------------------------------------------------------------------------


def _write_some(root, files):
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    for path, text in files:
        fd = os.open(f"{root}/{path}", flags, 0o644)
        try:
            data = memoryview(text.encode())
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)


def write_files(root, files):
    """Write (path, text) pairs under root. Several threads: creating many small files is
    bound by system-call latency, and os.open/os.write release the GIL."""
    files = list(files)
    for d in {path.rpartition("/")[0] for path, _ in files}:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    if len(files) < 2000:
        _write_some(root, files)
        return
    threads = 8
    with ThreadPoolExecutor(threads) as pool:
        for f in [pool.submit(_write_some, root, files[k::threads]) for k in range(threads)]:
            f.result()


GIT_NAME = "Cairn Bench"
GIT_EMAIL = "bench@example.com"


def git_env():
    env = dict(os.environ)
    env.update({
        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": GIT_NAME, "GIT_AUTHOR_EMAIL": GIT_EMAIL,
        "GIT_COMMITTER_NAME": GIT_NAME, "GIT_COMMITTER_EMAIL": GIT_EMAIL,
        "GIT_AUTHOR_DATE": f"{START_TS} +0000", "GIT_COMMITTER_DATE": f"{START_TS} +0000",
    })
    return env


def git(root, *args, **kw):
    cmd = ["git", "-c", f"user.name={GIT_NAME}", "-c", f"user.email={GIT_EMAIL}",
           "-c", "core.autocrlf=false", "-C", root, *args]
    return subprocess.run(cmd, env=git_env(), check=True, **kw)


def build_history(root, n_commits, seed, skeleton, tasks, meetings, decisions):
    """Turn root into a git repository with n_commits first-parent commits on `main`."""
    rng = random.Random(f"{seed}-git")
    step = SPAN / n_commits
    times = sorted(START_TS + int(k * step + rng.random() * step * 0.8)
                   for k in range(n_commits))
    times[0] = START_TS

    def commit_of(ts):
        return min(n_commits - 1, bisect.bisect_left(times, ts))

    # Per commit: path -> text, and the notes for its message. Later events win.
    changes = [dict() for _ in range(n_commits)]
    notes = [[] for _ in range(n_commits)]
    for path, text in skeleton:
        changes[0][path] = text
    notes[0].append("Set up the workspace")

    for t in tasks:
        for i, (ts, st) in enumerate(t.states):
            c = commit_of(ts)
            changes[c][t.path] = render_task(t, i, ts_ord(ts) if t.discussion else None)
            notes[c].append(f"add T-{t.n}" if i == 0 else f"T-{t.n} -> {st}")
        if t.discussion and ord_ts(t.discussion[-1][0], 17) > t.states[-1][0]:
            c = commit_of(min(END_TS, ord_ts(t.discussion[-1][0], 17)))
            changes[c][t.path] = render_task(t)
            notes[c].append(f"discuss T-{t.n}")
    for ts, path, text in meetings:
        c = commit_of(ts)
        changes[c][path] = text
        notes[c].append(f"notes {os.path.basename(path)[:-3]}")
    for ts, path, text, earlier in decisions:
        name = "-".join(os.path.basename(path).split("-", 2)[:2])
        c = commit_of(ts)
        changes[c][path] = earlier[1] if earlier else text
        notes[c].append(f"record {name}")
        if earlier:
            c = commit_of(earlier[0])
            changes[c][path] = text
            notes[c].append(f"{name} -> superseded")

    git(root, "init", "-q", "-b", "main")
    proc = subprocess.Popen(
        ["git", "-c", f"user.name={GIT_NAME}", "-c", f"user.email={GIT_EMAIL}", "-C", root,
         "fast-import", "--quiet", "--done"],
        stdin=subprocess.PIPE, env=git_env())
    buf = []
    size = 0
    for c in range(n_commits):
        ident = f"{GIT_NAME} <{GIT_EMAIL}> {times[c]} +0000"
        msg = notes[c]
        summary = (", ".join(msg[:6]) + (f" and {len(msg) - 6} more" if len(msg) > 6 else "")
                   if msg else "Housekeeping")
        summary = summary[0].upper() + summary[1:]
        mb = (summary + "\n").encode()
        parts = [f"commit refs/heads/main\nmark :{c + 1}\nauthor {ident}\ncommitter {ident}\n"
                 f"data {len(mb)}\n".encode(), mb]
        if c:
            parts.append(f"from :{c}\n".encode())
        for path in sorted(changes[c]):
            data = changes[c][path].encode()
            parts.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode())
            parts.append(data)
            parts.append(b"\n")
        parts.append(b"\n")
        chunk = b"".join(parts)
        buf.append(chunk)
        size += len(chunk)
        if size > 1 << 20:
            proc.stdin.write(b"".join(buf))
            buf, size = [], 0
    buf.append(b"done\n")
    proc.stdin.write(b"".join(buf))
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("error: git fast-import failed")
    git(root, "reset", "-q")  # index := HEAD; the working tree already holds the files
    status = git(root, "status", "--porcelain", "--untracked-files=all",
                 capture_output=True, text=True).stdout
    if status.strip():
        sys.exit("error: the last commit differs from the generated workspace:\n" + status[:2000])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--tasks", type=int, required=True, help="number of tasks")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--people", type=int, default=20)
    ap.add_argument("--projects", type=int, default=10)
    ap.add_argument("--edges", type=int, default=None,
                    help="depends_on edges (default: tasks / 5)")
    ap.add_argument("--meetings", type=int, default=None, help="default: tasks / 100")
    ap.add_argument("--decisions", type=int, default=None, help="default: tasks / 200")
    ap.add_argument("--git", type=int, default=0, metavar="COMMITS",
                    help="also make OUT_DIR a git repository with COMMITS commits")
    ap.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    a = ap.parse_args()
    if a.tasks < 1 or a.people < 1 or a.projects < 1:
        ap.error("--tasks, --people and --projects must be at least 1")
    if a.git < 0:
        ap.error("--git must not be negative")
    if os.path.exists(a.out_dir) and os.listdir(a.out_dir):
        if not a.force:
            sys.exit(f"error: {a.out_dir} exists and is not empty (use --force to replace it)")
        shutil.rmtree(a.out_dir)

    t0 = time.perf_counter()
    rng = random.Random(a.seed)
    people = gen_people(rng, a.people)
    projects = gen_projects(rng, a.projects, people)
    tasks = gen_tasks(rng, a.tasks, projects)
    n_edges = a.tasks // 5 if a.edges is None else a.edges
    made = gen_edges(rng, tasks, n_edges)
    for p in projects:
        p.budget_factor = rng.uniform(1.05, 1.4)
    meetings = gen_meetings(rng, max(1, a.tasks // 100) if a.meetings is None else a.meetings,
                            projects, tasks)
    decisions = gen_decisions(rng, max(1, a.tasks // 200) if a.decisions is None
                              else a.decisions, projects, tasks)

    skeleton = [("cairn.yaml", render_config(people)), ("docs/spec.md", SPEC_MD)]
    skeleton += [(f"projects/{p.id}.md", render_project(p)) for p in projects]
    os.makedirs(a.out_dir, exist_ok=True)
    write_files(a.out_dir, skeleton)
    write_files(a.out_dir, ((t.path, render_task(t)) for t in tasks))
    write_files(a.out_dir, ((path, text) for _, path, text in meetings))
    write_files(a.out_dir, ((path, text) for _, path, text, _ in decisions))
    t1 = time.perf_counter()

    counts = {}
    for t in tasks:
        counts[t.status] = counts.get(t.status, 0) + 1
    print(f"wrote {a.out_dir}: {len(tasks)} tasks ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), "
          f"{made} dependency edges, {len(projects)} projects, {len(people)} people, "
          f"{len(meetings)} meetings, {len(decisions)} decisions in {t1 - t0:.1f} s",
          file=sys.stderr)
    if a.git:
        build_history(a.out_dir, a.git, a.seed, skeleton, tasks, meetings, decisions)
        print(f"git history: {a.git} commits in {time.perf_counter() - t1:.1f} s",
              file=sys.stderr)


if __name__ == "__main__":
    main()
