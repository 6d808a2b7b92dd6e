//! The command layer: flags, the resolved context every command runs in, errors with exit
//! codes, and dispatch to `commands::*`. This is the only place that decides what reaches
//! the terminal.

use crate::commands;
use crate::load::{CONFIG_FILE, LoadError};
use crate::model::Workspace;
use crate::render::Style;
use crate::source::DirSource;
use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Run a team's work out of plain text in git.
///
/// Projects, tasks, meeting notes and decisions live as Markdown files with YAML front
/// matter. cairn checks them, forecasts the schedule, reviews what a change does to the
/// plan, and mines the git history for trends.
#[derive(Debug, Parser)]
#[command(name = "cairn", version, max_term_width = 100)]
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
    Status(commands::status::StatusArgs),
    Plan(commands::plan::PlanArgs),
    Workload(commands::workload::WorkloadArgs),
    Review(commands::review::ReviewArgs),
    Report(commands::report::ReportArgs),
    History(commands::history::HistoryArgs),
    Start(commands::edit::StartArgs),
    Done(commands::edit::DoneArgs),
    Reopen(commands::edit::ReopenArgs),
    Assign(commands::edit::AssignArgs),
    Unassign(commands::edit::UnassignArgs),
    Set(commands::edit::SetArgs),
    Depend(commands::edit::DependArgs),
    Tag(commands::edit::TagArgs),
    Move(commands::edit::MoveArgs),
    Comment(commands::edit::CommentArgs),
    Tick(commands::edit::TickArgs),
    Actions(commands::meeting::ActionsArgs),
    Action(commands::meeting::ActionArgs),
    Promote(commands::meeting::PromoteArgs),
    Import(commands::import::ImportArgs),
    Decide(commands::edit::DecideArgs),
    Supersede(commands::edit::SupersedeArgs),
    /// Uncheck the Nth checklist item of a task, counting from 1.
    Untick(commands::edit::TickArgs),
    Schema(commands::schema::SchemaArgs),
    Completions(commands::shell::CompletionsArgs),
    Man(commands::shell::ManArgs),
}

fn parse_today(s: &str) -> Result<Date, String> {
    crate::fields::parse_date(s)
}

/// Flags resolved once: where to run, what day it is, how to style output.
pub struct Context {
    pub dir: PathBuf,
    pub today: Date,
    pub style: Style,
    pub quiet: bool,
}

/// A failure that stops a command: exit code 2 unless said otherwise.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub causes: Vec<String>,
    pub hint: Option<String>,
    pub code: u8,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            causes: Vec::new(),
            hint: None,
            code: 2,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> CliError {
        self.hint = Some(hint.into());
        self
    }

    /// A refusal caused by findings in the user's input (exit 1).
    pub fn findings(mut self) -> CliError {
        self.code = 1;
        self
    }

    pub fn from_error(message: impl Into<String>, err: &dyn std::error::Error) -> CliError {
        let mut e = CliError::new(message);
        let mut cur: Option<&dyn std::error::Error> = Some(err);
        while let Some(c) = cur {
            e.causes.push(c.to_string());
            cur = c.source();
        }
        e
    }
}

impl From<crate::git::GitError> for CliError {
    fn from(e: crate::git::GitError) -> Self {
        CliError {
            message: e.message,
            causes: Vec::new(),
            hint: e.hint,
            code: 2,
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::from_error("I/O failure", &e)
    }
}

pub type CmdResult = Result<u8, CliError>;

impl Context {
    /// The nearest folder from `-C` (or the current one) upward holding `cairn.yaml`.
    pub fn workspace_root(&self) -> Result<PathBuf, CliError> {
        let start = self.dir.canonicalize().map_err(|e| {
            CliError::from_error(format!("cannot use directory {}", self.dir.display()), &e)
        })?;
        start
            .ancestors()
            .find(|d| d.join(CONFIG_FILE).is_file())
            .map(Path::to_path_buf)
            .ok_or_else(|| {
                CliError::new("not inside a cairn workspace (no cairn.yaml here or above)")
                    .hint("run `cairn init` to create one, or pass -C DIR")
            })
    }

    pub fn load(&self) -> Result<(DirSource, Workspace), CliError> {
        let root = self.workspace_root()?;
        let source = DirSource::new(&root)
            .map_err(|e| CliError::from_error(format!("cannot open {}", root.display()), &e))?;
        let ws = crate::load(&source)
            .map_err(|e: LoadError| CliError::from_error("cannot load the workspace", &e))?;
        Ok((source, ws))
    }
}

fn system_today() -> Date {
    jiff::ZonedDateTime::now().date()
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
    let ctx = Context {
        dir: cli.dir.clone().unwrap_or_else(|| PathBuf::from(".")),
        today: cli.today.unwrap_or_else(system_today),
        style: Style {
            color: color_enabled(cli.color),
        },
        quiet: cli.quiet,
    };
    let result = match cli.command {
        Command::Init(args) => commands::init::run(&ctx, args, out, err),
        Command::Check(args) => commands::check::run(&ctx, args, out, err),
        Command::New(args) => commands::new::run(&ctx, args, out, err),
        Command::List(args) => commands::list::run(&ctx, args, out),
        Command::Show(args) => commands::show::run(&ctx, args, out),
        Command::Status(args) => commands::status::run(&ctx, args, out),
        Command::Plan(args) => commands::plan::run(&ctx, args, out),
        Command::Workload(args) => commands::workload::run(&ctx, args, out),
        Command::Review(args) => commands::review::run(&ctx, args, out),
        Command::Report(a) => commands::report::run(&ctx, a, out),
        Command::History(args) => commands::history::run(&ctx, args, out),
        Command::Start(a) => commands::edit::start(&ctx, a, out, err),
        Command::Done(a) => commands::edit::done(&ctx, a, out, err),
        Command::Reopen(a) => commands::edit::reopen(&ctx, a, out, err),
        Command::Assign(a) => commands::edit::assign(&ctx, a, out, err),
        Command::Unassign(a) => commands::edit::unassign(&ctx, a, out, err),
        Command::Set(a) => commands::edit::set(&ctx, a, out, err),
        Command::Depend(a) => commands::edit::depend(&ctx, a, out, err),
        Command::Tag(a) => commands::edit::tag(&ctx, a, out, err),
        Command::Move(a) => commands::edit::move_task(&ctx, a, out, err),
        Command::Comment(a) => commands::edit::comment(&ctx, a, out, err),
        Command::Tick(a) => commands::edit::tick(&ctx, a, out, err),
        Command::Actions(a) => commands::meeting::actions(&ctx, a, out),
        Command::Action(a) => commands::meeting::action(&ctx, a, out, err),
        Command::Promote(a) => commands::meeting::promote(&ctx, a, out, err),
        Command::Import(a) => commands::import::run(&ctx, a, out, err),
        Command::Decide(a) => commands::edit::decide(&ctx, a, out, err),
        Command::Supersede(a) => commands::edit::supersede(&ctx, a, out, err),
        Command::Untick(a) => commands::edit::untick(&ctx, a, out, err),
        Command::Schema(args) => commands::schema::run(&ctx, args, out, err),
        Command::Completions(a) => commands::shell::completions(&ctx, a, out),
        Command::Man(a) => commands::shell::man(&ctx, a, out),
    };
    let result = result.and_then(|code| out.flush().map(|()| code).map_err(CliError::from));
    match result {
        Ok(code) => code,
        Err(e) if e.causes.iter().any(|c| c.contains("Broken pipe")) => 0,
        Err(e) => {
            let style = Style {
                color: ctx.style.color,
            };
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

/// The binary's entry point.
pub fn main() -> std::process::ExitCode {
    // `COMPLETE=bash cairn` prints the dynamic completion script; a shell completing a
    // word calls back in here. Without `COMPLETE` set this returns at once.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command).complete();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return std::process::ExitCode::from(code);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let code = run(cli, &mut out, &mut err);
    std::process::ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_definition_is_consistent() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
