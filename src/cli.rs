//! The command line: the clap definition, resolving flags into a [`Context`], dispatch to
//! one module per command, and printing errors as `error:` / `caused by:` / `hint:`.
//! Commands never import this module or each other.

use crate::commands;
use crate::context::Context;
use crate::error::CliError;
use crate::render::term::Style;
use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use std::io::Write;
use std::path::PathBuf;

/// Run a team's work out of plain text in git.
///
/// Projects, tasks, meeting notes and decisions live as Markdown files with YAML front
/// matter. cairn checks them, forecasts the schedule, reviews what a change does to the
/// plan, and mines the git history for trends.
#[derive(Debug, Parser)]
#[command(name = "cairn", version = env!("CAIRN_VERSION"), max_term_width = 100)]
pub struct Cli {
    /// Run as if started in DIR.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The date to treat as today (YYYY-MM-DD); default: $CAIRN_TODAY, else the system date.
    #[arg(long, global = true, env = "CAIRN_TODAY", value_name = "DATE", value_parser = parse_today)]
    pub today: Option<Date>,
    /// When to color human output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print no messages (results still go to stdout).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Never send long output through $PAGER.
    #[arg(long, global = true)]
    pub no_pager: bool,
    /// Parse every file afresh: neither read nor write the parse cache.
    #[arg(long, global = true, env = "CAIRN_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,
    /// Read the portfolio at PATH (a workspace whose cairn.yaml lists `portfolio:`
    /// members) instead of this workspace; in a portfolio workspace, reading commands
    /// read the whole portfolio anyway.
    #[arg(long, global = true, value_name = "PATH")]
    pub portfolio: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(commands::init::InitArgs),
    Check(commands::check::CheckArgs),
    New(commands::new::NewArgs),
    List(commands::list::ListArgs),
    Show(commands::show::ShowArgs),
    Edit(commands::edit::EditArgs),
    Search(commands::search::SearchArgs),
    Board(commands::board::BoardArgs),
    Status(commands::status::StatusArgs),
    Plan(commands::plan::PlanArgs),
    Workload(commands::workload::WorkloadArgs),
    Review(commands::review::ReviewArgs),
    Report(commands::report::ReportArgs),
    History(commands::history::HistoryArgs),
    Inbox(commands::inbox::InboxArgs),
    Digest(commands::digest::DigestArgs),
    Calendar(commands::calendar::CalendarArgs),
    Recur(commands::recur::RecurArgs),
    Log(commands::log::LogArgs),
    Record(commands::record::RecordArgs),
    Timesheet(commands::timesheet::TimesheetArgs),
    Close(commands::close::CloseArgs),
    Start(commands::start::StartArgs),
    Done(commands::done::DoneArgs),
    Reopen(commands::reopen::ReopenArgs),
    Assign(commands::assign::AssignArgs),
    Unassign(commands::unassign::UnassignArgs),
    Set(commands::set::SetArgs),
    Depend(commands::depend::DependArgs),
    Tag(commands::tag::TagArgs),
    Move(commands::r#move::MoveArgs),
    Comment(commands::comment::CommentArgs),
    Tick(commands::tick::TickArgs),
    Untick(commands::untick::UntickArgs),
    Actions(commands::actions::ActionsArgs),
    Action(commands::action::ActionArgs),
    Promote(commands::promote::PromoteArgs),
    Renumber(commands::renumber::RenumberArgs),
    Decide(commands::decide::DecideArgs),
    Supersede(commands::supersede::SupersedeArgs),
    Import(commands::import::ImportArgs),
    Recover(commands::recover::RecoverArgs),
    Schema(commands::schema::SchemaArgs),
    Completions(commands::completions::CompletionsArgs),
    Man(commands::man::ManArgs),
    Mcp(crate::mcp::McpArgs),
    SyncCommits(commands::sync_commits::SyncCommitsArgs),
    Fetch(commands::fetch::FetchArgs),
    Serve(crate::serve::ServeArgs),
}

fn parse_today(s: &str) -> Result<Date, String> {
    cairn_core::text::fields::parse_date(s)
}

fn system_today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// `$COLUMNS` when set, else the width of the terminal standard output is on.
fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
        })
}

/// A user directory: `$VAR` when set to an absolute path, else `$HOME/<fallback>`.
fn user_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(fallback))
        })
}

fn color_enabled(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
                && std::io::stdout().is_terminal()
        }
    }
}

/// Runs a parsed command line, writing results to `out` and messages to `err`. Returns
/// the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    run_as(cli, None, out, err)
}

/// [`run`], with who "me" is given (`cairn mcp --as`) ahead of `CAIRN_USER`.
fn run_as(cli: Cli, user: Option<String>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use std::io::IsTerminal;
    let ctx = Context {
        dir: cli.dir.clone().unwrap_or_else(|| PathBuf::from(".")),
        today: cli.today.unwrap_or_else(system_today),
        style: Style {
            color: color_enabled(cli.color),
        },
        quiet: cli.quiet,
        tty: std::io::stdout().is_terminal(),
        cache: !cli.no_cache,
        width: terminal_width(),
        state_home: user_dir("XDG_STATE_HOME", ".local/state"),
        cache_home: user_dir("XDG_CACHE_HOME", ".cache"),
        ci: crate::context::CiEnv::from_env(),
        // Relative to -C, as if started there.
        portfolio: cli.portfolio.as_ref().map(|p| {
            cli.dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("."))
                .join(p)
        }),
        user: user.or_else(|| {
            std::env::var("CAIRN_USER")
                .ok()
                .filter(|u| !u.trim().is_empty())
        }),
        notices: Default::default(),
    };
    let result = match cli.command {
        Command::Init(a) => commands::init::run(&ctx, a, out, err),
        Command::Check(a) => commands::check::run(&ctx, a, out, err),
        Command::New(a) => commands::new::run(&ctx, a, out, err),
        Command::List(a) => commands::list::run(&ctx, a, out),
        Command::Show(a) => commands::show::run(&ctx, a, out),
        Command::Edit(a) => commands::edit::run(&ctx, a, out, err),
        Command::Search(a) => commands::search::run(&ctx, a, out),
        Command::Board(a) => commands::board::run(&ctx, a, out),
        Command::Status(a) => commands::status::run(&ctx, a, out),
        Command::Plan(a) => commands::plan::run(&ctx, a, out),
        Command::Workload(a) => commands::workload::run(&ctx, a, out),
        Command::Review(a) => commands::review::run(&ctx, a, out),
        Command::Report(a) => commands::report::run(&ctx, a, out),
        Command::History(a) => commands::history::run(&ctx, a, out),
        Command::Inbox(a) => commands::inbox::run(&ctx, a, out),
        Command::Digest(a) => commands::digest::run(&ctx, a, out),
        Command::Calendar(a) => commands::calendar::run(&ctx, a, out),
        Command::Recur(a) => commands::recur::run(&ctx, a, out, err),
        Command::Log(a) => commands::log::run(&ctx, a, out, err),
        Command::Record(a) => commands::record::run(&ctx, a, out, err),
        Command::Timesheet(a) => commands::timesheet::run(&ctx, a, out),
        Command::Close(a) => commands::close::run(&ctx, a, out, err),
        Command::Start(a) => commands::start::run(&ctx, a, out, err),
        Command::Done(a) => commands::done::run(&ctx, a, out, err),
        Command::Reopen(a) => commands::reopen::run(&ctx, a, out, err),
        Command::Assign(a) => commands::assign::run(&ctx, a, out, err),
        Command::Unassign(a) => commands::unassign::run(&ctx, a, out, err),
        Command::Set(a) => commands::set::run(&ctx, a, out, err),
        Command::Depend(a) => commands::depend::run(&ctx, a, out, err),
        Command::Tag(a) => commands::tag::run(&ctx, a, out, err),
        Command::Move(a) => commands::r#move::run(&ctx, a, out, err),
        Command::Comment(a) => commands::comment::run(&ctx, a, out, err),
        Command::Tick(a) => commands::tick::run(&ctx, a, out, err),
        Command::Untick(a) => commands::untick::run(&ctx, a, out, err),
        Command::Actions(a) => commands::actions::run(&ctx, a, out),
        Command::Action(a) => commands::action::run(&ctx, a, out, err),
        Command::Promote(a) => commands::promote::run(&ctx, a, out, err),
        Command::Renumber(a) => commands::renumber::run(&ctx, a, out, err),
        Command::Decide(a) => commands::decide::run(&ctx, a, out, err),
        Command::Supersede(a) => commands::supersede::run(&ctx, a, out, err),
        Command::Import(a) => commands::import::run(&ctx, a, out, err),
        Command::Recover(a) => commands::recover::run(&ctx, a, out),
        Command::Schema(a) => commands::schema::run(&ctx, a, out, err),
        Command::Completions(a) => commands::completions::run(a, command(), out),
        Command::Man(a) => commands::man::run(a, command(), out),
        Command::Mcp(a) => serve_mcp(&ctx, &cli.dir, cli.today, &a, out),
        Command::SyncCommits(a) => commands::sync_commits::run(&ctx, a, out, err),
        Command::Fetch(a) => commands::fetch::run(&ctx, a, out),
        Command::Serve(a) => serve(&ctx, &cli.dir, cli.today, &a, out),
    };
    let result = result.and_then(|code| out.flush().map(|()| code).map_err(CliError::from));
    if !ctx.quiet {
        for n in ctx.notices.lock().map(|n| n.clone()).unwrap_or_default() {
            let _ = writeln!(err, "{} {n}", ctx.style.yellow("warning:"));
        }
    }
    match result {
        Ok(code) => code,
        Err(e) if e.broken_pipe => 0,
        Err(e) => {
            let style = ctx.style;
            let _ = writeln!(err, "{} {}", style.red("error:"), e.message);
            for c in &e.causes {
                let _ = writeln!(err, "caused by: {c}");
            }
            if let Some(h) = &e.hint {
                let _ = writeln!(err, "{} {h}", style.blue("hint:"));
            }
            e.code
        }
    }
}

/// The flags every in-process command line of `mcp` and `serve` starts with: the same
/// `-C`, `--today` and cache as the server's own.
fn in_process_flags(ctx: &Context, dir: &Option<PathBuf>, today: Option<Date>) -> Vec<String> {
    let mut global = Vec::new();
    if let Some(d) = dir {
        global.push("-C".to_owned());
        global.push(d.display().to_string());
    }
    if let Some(t) = today {
        global.push("--today".to_owned());
        global.push(t.to_string());
    }
    if !ctx.cache {
        global.push("--no-cache".to_owned());
    }
    global
}

/// Runs one command line in this process as `user`; a line clap refuses is exit 2 with
/// clap's message.
fn run_line(argv: &[String], user: Option<String>, o: &mut dyn Write, e: &mut dyn Write) -> u8 {
    match Cli::try_parse_from(argv) {
        Ok(c) => run_as(c, user, o, e),
        Err(x) => {
            let _ = write!(e, "{}", x.render());
            2
        }
    }
}

/// `cairn mcp`: every tool call is a command line run here, as `--as` says.
fn serve_mcp(
    ctx: &Context,
    dir: &Option<PathBuf>,
    today: Option<Date>,
    args: &crate::mcp::McpArgs,
    out: &mut dyn Write,
) -> crate::error::CmdResult {
    let user = args.as_.clone().or_else(|| ctx.user.clone());
    let runner =
        |argv: &[String], o: &mut dyn Write, e: &mut dyn Write| run_line(argv, user.clone(), o, e);
    let global = in_process_flags(ctx, dir, today);
    let server = crate::mcp::Server::new(args, global, ctx.dir.clone(), &runner);
    let stdin = std::io::stdin();
    Ok(server.serve(&mut stdin.lock(), out)?)
}

/// `cairn serve`: every change from the browser is a command line run here.
fn serve(
    ctx: &Context,
    dir: &Option<PathBuf>,
    today: Option<Date>,
    args: &crate::serve::ServeArgs,
    out: &mut dyn Write,
) -> crate::error::CmdResult {
    let user = args.as_.clone().or_else(|| ctx.user.clone());
    let runner =
        |argv: &[String], o: &mut dyn Write, e: &mut dyn Write| run_line(argv, user.clone(), o, e);
    let root = ctx.workspace_root()?;
    let global = in_process_flags(ctx, dir, today);
    let server = crate::serve::Server::new(ctx, args, global, &runner, root);
    Ok(server.serve(out)?)
}

/// The clap definition, for completions and man pages.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// The binary's entry point.
pub fn main() -> std::process::ExitCode {
    // `COMPLETE=bash cairn` prints the dynamic completion script; a shell completing a
    // word calls back in here. Without `COMPLETE` set this returns at once.
    clap_complete::CompleteEnv::with_factory(command).complete();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return std::process::ExitCode::from(code);
        }
    };
    use std::io::IsTerminal;
    let pageable = matches!(
        cli.command,
        Command::List(_)
            | Command::Show(_)
            | Command::Status(_)
            | Command::Plan(_)
            | Command::Workload(_)
            | Command::History(_)
            | Command::Inbox(_)
            | Command::Check(_)
            | Command::Review(_)
            | Command::Board(_)
            | Command::Search(_)
            | Command::Actions(_)
    );
    let mut err = std::io::stderr();
    // A manual page on a terminal is read through `man` (roff only when piped).
    let man_page = matches!(&cli.command, Command::Man(a) if a.out_dir.is_none());
    if man_page && std::io::stdout().is_terminal() && !cli.no_pager {
        let mut buf = Vec::new();
        let code = run(cli, &mut buf, &mut err);
        if code != 0 || !show_man(&buf) {
            use std::io::Write as _;
            let _ = std::io::stdout().write_all(&buf);
        }
        return std::process::ExitCode::from(code);
    }
    if pageable && !cli.no_pager && std::io::stdout().is_terminal() {
        let mut buf = Vec::new();
        let code = run(cli, &mut buf, &mut err);
        page(&buf);
        return std::process::ExitCode::from(code);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = run(cli, &mut out, &mut err);
    std::process::ExitCode::from(code)
}

/// Shows `text` on the terminal: through `$PAGER` (default `less`, with `LESS=FRX` unless
/// set) when it is taller than the terminal, else directly.
/// Shows roff `page` with `man -l -` (man-db reads the page from standard input);
/// false when there is no such `man`.
fn show_man(page: &[u8]) -> bool {
    use std::io::Write as _;
    let Ok(mut child) = std::process::Command::new("man")
        .args(["-l", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(page);
    }
    child.wait().is_ok_and(|s| s.success())
}

fn page(text: &[u8]) {
    use std::io::Write as _;
    let rows =
        terminal_size::terminal_size_of(std::io::stdout()).map_or(0, |(_, h)| usize::from(h.0));
    let lines = text.iter().filter(|b| **b == b'\n').count();
    let pager = std::env::var("PAGER").unwrap_or_else(|_| "less".into());
    let direct = |text: &[u8]| {
        let _ = std::io::stdout().write_all(text);
        let _ = std::io::stdout().flush();
    };
    if lines < rows || pager.trim().is_empty() || pager.trim() == "cat" {
        return direct(text);
    }
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(&pager)
        .stdin(std::process::Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    match cmd.spawn() {
        Ok(mut child) => {
            if let Some(mut stdin) = child.stdin.take() {
                // A pager quit early closes the pipe: that is not an error.
                let _ = stdin.write_all(text);
            }
            let _ = child.wait();
        }
        Err(_) => direct(text),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_definition_is_consistent() {
        super::command().debug_assert();
    }
}
