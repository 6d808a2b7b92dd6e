//! Manual pages: clap_mangen's sections of a command, and the ones clap does not know
//! (exit status, environment, files, see also).

use std::io::Write;

/// Roff text safe in running text: a leading `.` or `'` would be a request, `\` an
/// escape, `-` a hyphen.
fn roff(text: &str) -> String {
    let t = text.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with(['.', '\'']) {
        format!("\\&{t}")
    } else {
        t
    }
}

fn tp(out: &mut String, term: &str, body: &str) {
    out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(term), roff(body)));
}

/// What clap cannot say: exit codes, environment, files, related pages.
fn extra_sections(page: &str, all: &[String]) -> String {
    let mut s = String::from(".SH \"EXIT STATUS\"\n");
    tp(
        &mut s,
        "0",
        "Success (for check and review: no finding that fails).",
    );
    tp(
        &mut s,
        "1",
        "Findings: check found an error (or a warning with --deny warnings), review found that the change introduces one, an edit was refused because it would add an error, report --check found stale reports.",
    );
    tp(
        &mut s,
        "2",
        "Usage or I/O failure: a bad argument, an unknown id, no workspace, an unreadable revision. Nothing was written.",
    );
    s.push_str(".SH ENVIRONMENT\n");
    tp(
        &mut s,
        "CAIRN_TODAY",
        "The date to treat as today (YYYY-MM-DD) when --today is not given, so CI and tests are deterministic.",
    );
    tp(
        &mut s,
        "NO_COLOR",
        "When set and not empty, no colour (as --color never).",
    );
    tp(
        &mut s,
        "VISUAL, EDITOR",
        "The editor cairn edit opens, VISUAL first.",
    );
    tp(
        &mut s,
        "PAGER",
        "The pager for long output on a terminal (default: less -FRX); --no-pager turns it off.",
    );
    tp(
        &mut s,
        "COLUMNS",
        "The width tables are fitted to, instead of the terminal's.",
    );
    tp(
        &mut s,
        "CAIRN_NO_CACHE",
        "When set, every file is parsed afresh (as --no-cache).",
    );
    tp(
        &mut s,
        "GITHUB_ACTIONS, GITHUB_BASE_REF, GITHUB_STEP_SUMMARY",
        "In GitHub Actions, check --format github reports only what a pull request introduces and writes the job summary.",
    );
    tp(
        &mut s,
        "GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA, CAIRN_HEAD_SHA, CI_PROJECT_URL, CI_COMMIT_SHA",
        "Where findings in the job summary and the review link to.",
    );
    s.push_str(".SH FILES\n");
    tp(
        &mut s,
        "cairn.yaml",
        "The workspace's configuration: name, calendar, people, workflow, rule levels. The workspace is the nearest folder with it, at or above -C DIR.",
    );
    tp(
        &mut s,
        "projects/, tasks/, meetings/, decisions/",
        "The plan: one Markdown file with YAML front matter per item.",
    );
    tp(
        &mut s,
        "templates/",
        "Optional: the workspace's own templates for new files and reports.",
    );
    tp(
        &mut s,
        "reports/",
        "Where cairn report writes (reports_dir in cairn.yaml).",
    );
    tp(
        &mut s,
        "$GIT_DIR/cairn/",
        "The edit lock, the journal of a change being written, its staging folder and the parse cache, in the checkout's git directory (outside git: $XDG_STATE_HOME/cairn/ and $XDG_CACHE_HOME/cairn/). Never in the working tree.",
    );
    s.push_str(".SH \"SEE ALSO\"\n");
    let others: Vec<String> = all
        .iter()
        .filter(|p| p.as_str() != page)
        .map(|p| format!("\\fB{}\\fR(1)", roff(p)))
        .collect();
    s.push_str(&others.join(", "));
    s.push('\n');
    s
}

/// Every command and subcommand with its page name (`cairn-action-done`).
pub fn pages(cmd: &clap::Command, name: &str, out: &mut Vec<(String, clap::Command)>) {
    out.push((name.to_owned(), cmd.clone()));
    for sc in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages(sc, &format!("{name}-{}", sc.get_name()), out);
    }
}

/// One command's page.
pub fn render(
    page: &str,
    cmd: clap::Command,
    all: &[String],
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone().display_name(page.to_owned()))
        .title(page.to_uppercase())
        .manual("cairn manual");
    man.render_title(w)?;
    man.render_name_section(w)?;
    // clap's usage line (`cairn check [OPTIONS]`), not a list of every flag.
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.trim_start_matches("Usage:").trim();
    let (head, rest) = match usage.split_once(" [") {
        Some((h, r)) => (h.to_owned(), format!("[{r}")),
        None => (usage.to_owned(), String::new()),
    };
    writeln!(w, ".SH SYNOPSIS\n\\fB{}\\fR {}", roff(&head), roff(&rest))?;
    man.render_description_section(w)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(w)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(w)?;
    }
    w.write_all(extra_sections(page, all).as_bytes())?;
    if cmd.get_version().is_some() {
        man.render_version_section(w)?;
    }
    Ok(())
}
