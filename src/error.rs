//! The command layer's one error: a message, the chain of causes, a hint, and the exit
//! code (2 for usage and I/O failures, 1 for a refusal caused by findings). Library errors
//! convert into it keeping their sources, so `caused by:` lines come from typed errors.

use std::error::Error;
use std::io;

#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub causes: Vec<String>,
    pub hint: Option<String>,
    pub code: u8,
    /// The output went to a closed pipe (`cairn list | head`): a quiet exit.
    pub broken_pipe: bool,
}

pub type CmdResult = Result<u8, CliError>;

impl CliError {
    pub fn new(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            causes: Vec::new(),
            hint: None,
            code: 2,
            broken_pipe: false,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> CliError {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> CliError {
        self.hint = hint.or(self.hint);
        self
    }

    /// A refusal caused by findings in the user's input (exit 1).
    pub fn findings(mut self) -> CliError {
        self.code = 1;
        self
    }

    /// `message`, caused by `err` and its sources.
    pub fn from_error(message: impl Into<String>, err: &(dyn Error + 'static)) -> CliError {
        let mut e = CliError::new(message);
        let mut cur: Option<&(dyn Error + 'static)> = Some(err);
        while let Some(c) = cur {
            if let Some(io) = c.downcast_ref::<io::Error>()
                && io.kind() == io::ErrorKind::BrokenPipe
            {
                e.broken_pipe = true;
            }
            e.causes.push(c.to_string());
            cur = c.source();
        }
        e
    }

    /// The error itself as the message, its sources as causes.
    pub fn of(err: &(dyn Error + 'static)) -> CliError {
        let mut e = CliError::from_error(err.to_string(), err);
        e.causes.remove(0);
        e
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        let mut c = CliError::from_error("I/O failure", &e);
        c.broken_pipe = e.kind() == io::ErrorKind::BrokenPipe;
        c
    }
}

impl From<cairn_core::load::git::GitError> for CliError {
    fn from(e: cairn_core::load::git::GitError) -> Self {
        CliError::new(e.message).maybe_hint(e.hint)
    }
}

impl From<cairn_core::ops::edit::EditError> for CliError {
    fn from(e: cairn_core::ops::edit::EditError) -> Self {
        let hint = e.hint();
        CliError::of(&e).maybe_hint(hint)
    }
}

impl From<cairn_core::ops::new::NewError> for CliError {
    fn from(e: cairn_core::ops::new::NewError) -> Self {
        let hint = e.hint();
        CliError::of(&e).maybe_hint(hint)
    }
}

impl From<cairn_core::ops::revisions::RevisionError> for CliError {
    fn from(e: cairn_core::ops::revisions::RevisionError) -> Self {
        let hint = e.hint();
        CliError::of(&e).maybe_hint(hint)
    }
}

impl From<cairn_core::ops::change::CommitError> for CliError {
    fn from(e: cairn_core::ops::change::CommitError) -> Self {
        use cairn_core::ops::change::CommitError;
        let e = match e {
            CommitError::Journal(j) => return CliError::from(j),
            other => other,
        };
        let hint = match &e {
            CommitError::Conflict { .. } => Some("run the command again to edit the new content"),
            _ => None,
        };
        CliError::of(&e).maybe_hint(hint.map(str::to_owned))
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        match e.io_error_kind() {
            Some(kind) => CliError::from(io::Error::from(kind)),
            None => CliError::from_error("cannot write JSON", &e),
        }
    }
}

impl From<cairn_core::ops::journal::RecoverError> for CliError {
    fn from(e: cairn_core::ops::journal::RecoverError) -> Self {
        use cairn_core::ops::journal::RecoverError;
        let hint = match &e {
            RecoverError::Pending { .. } => {
                Some("run `cairn recover` to finish it, or `cairn recover --discard` to abandon it")
            }
            _ => None,
        };
        CliError::of(&e).maybe_hint(hint.map(str::to_owned))
    }
}
